package dev.codexauth.storage.file;

import dev.codexauth.config.Settings;
import dev.codexauth.error.StoreException;
import dev.codexauth.files.PrivateFiles;
import dev.codexauth.token.StoreLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock across threads and processes on one lock file, which is never deleted (deleting it would
 * let a second process lock a new file while the first still holds the old one).
 *
 * <p>There is one instance per lock file per JVM, and it opens at most one channel on the file at a
 * time: a second {@code FileChannel.lock} in the same JVM throws, and closing any other channel on the
 * file silently drops the OS lock. Threads queue on an in-process {@link ReentrantLock} first; only
 * its outermost holder takes the OS lock. Reentrant on the holding thread, so a lock holder may
 * save and load.
 */
final class LockFile {

    private static final ConcurrentMap<Path, LockFile> PER_FILE = new ConcurrentHashMap<>();

    private final Path path;
    private final ReentrantLock threads = new ReentrantLock();
    // guarded by threads; set only while the outermost holder holds the OS lock
    private FileChannel channel;

    private LockFile(Path path) {
        this.path = path;
    }

    /** The lock of this file; {@code file}'s directory must exist (its real path keys the lock). */
    static LockFile of(Path file) throws IOException {
        Path key = file.getParent().toRealPath().resolve(file.getFileName());
        return PER_FILE.computeIfAbsent(key, LockFile::new);
    }

    /**
     * Takes the lock, waiting at most {@code timeout} in all.
     *
     * @param what what the lock protects, for the error message (e.g. "the login of profile 'work'")
     */
    StoreLock acquire(Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!threads.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(timeout, what, "another thread of this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the lock " + path + " on " + what + ".", null);
        }
        if (threads.getHoldCount() > 1) {
            return releaser();
        }
        try {
            channel = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.ownerOnly(path));
            waitForOsLock(deadline, timeout, what);
            return releaser();
        } catch (IOException e) {
            closeChannel();
            threads.unlock();
            throw new StoreException("Could not lock " + path + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "). Check that the directory is writable by you.", e);
        } catch (RuntimeException e) {
            closeChannel();
            threads.unlock();
            throw e;
        }
    }

    private void waitForOsLock(long deadline, Duration timeout, String what) throws IOException {
        long pauseMillis = 2;
        while (true) {
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                // another copy of this class (another class loader) holds it in this JVM: wait like for a process
                held = null;
            }
            if (held != null) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(timeout, what, "another process");
            }
            try {
                Thread.sleep(Math.min(pauseMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Interrupted while waiting for the lock " + path + " on " + what + ".", null);
            }
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    private StoreException timedOut(Duration timeout, String what, String holder) {
        return new StoreException("Timed out after " + Settings.describe(timeout) + " waiting for the lock " + path + " on "
                + what + ": " + holder + " holds it (a refresh or a write in progress, or a stuck program). "
                + "Try again; if this persists, stop the other program using this login.", null);
    }

    private StoreLock releaser() {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            if (!threads.isHeldByCurrentThread()) {
                released.set(false);
                throw new IllegalStateException("The lock " + path
                        + " must be released by the thread that took it (use try-with-resources).");
            }
            if (threads.getHoldCount() == 1) {
                closeChannel();
            }
            threads.unlock();
        };
    }

    /** Closing the channel releases the OS lock. */
    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the OS lock goes with the descriptor either way
            }
            channel = null;
        }
    }
}
