package dev.codexauth.storage.keychain;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.PasswordAccessException;
import dev.codexauth.config.Settings;
import dev.codexauth.error.StoreException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every keychain call on a daemon thread and waits at most a fixed time for it, because a
 * keychain can block forever (a prompt nobody answers, a Secret Service that stopped responding) and
 * throws unchecked exceptions. Every failure comes back as a {@link StoreException} whose message
 * names what was being done; the library's own exception is never attached as a cause, since nothing
 * guarantees its message is free of the value being written. Thread-safe; calls run one at a time.
 */
final class KeychainWorker implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Duration timeout;
    private ExecutorService executor = newExecutor();
    private boolean closed;

    KeychainWorker(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the keychain call timeout must be positive");
        }
        this.timeout = timeout;
    }

    /**
     * Runs {@code task} on the worker; when it times out, runs {@code onTimeout} on the calling thread
     * (to close what the stuck task holds, so that no connection thread outlives it).
     *
     * @param doing what the task does, completing "could not ..." (e.g. "read the login of profile 'x'")
     */
    synchronized <T> T call(String doing, Callable<T> task, Runnable onTimeout) {
        if (closed) {
            throw new StoreException("The keychain store is closed, so it could not " + doing + ".", null);
        }
        Future<T> future = executor.submit(task);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            try {
                onTimeout.run();
            } catch (RuntimeException ignored) {
                // best effort: the error below is what the caller needs to see
            }
            // The stuck thread is a daemon and is abandoned; later calls get a fresh one.
            executor.shutdownNow();
            executor = newExecutor();
            throw new StoreException("The OS keychain did not answer within " + Settings.describe(timeout) + " when asked to "
                    + doing + ". It may be locked and waiting for a password prompt, or its service may be hung: "
                    + "unlock it and try again, or set CODEX_AUTH_STORE=file to keep tokens in a private file instead.", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the OS keychain to " + doing + ".", null);
        } catch (ExecutionException e) {
            throw failure(doing, e.getCause());
        }
    }

    /** Translates whatever a keychain call threw into our error, in words a user can act on. */
    static StoreException failure(String doing, Throwable thrown) {
        if (thrown instanceof StoreException store) {
            return store;
        }
        if (thrown instanceof BackendNotSupportedException) {
            return new StoreException("No OS keychain is available here, so it could not " + doing + " (on Linux a "
                    + "Secret Service such as gnome-keyring or KeePassXC must run on the D-Bus session bus). "
                    + "Start one, or set CODEX_AUTH_STORE=file to keep tokens in a private file.", null);
        }
        if (thrown instanceof NullPointerException) {
            // java-keyring's Secret Service backend dereferences a collection it could not open or unlock.
            return new StoreException("The OS keychain's default collection is locked or missing, so it could not "
                    + doing + ". Unlock it (log in to the desktop session, or open your keyring app and unlock "
                    + "'Login'), then try again; or set CODEX_AUTH_STORE=file.", null);
        }
        if (thrown instanceof PasswordAccessException) {
            return new StoreException("The OS keychain refused to " + doing + ". Check that it is unlocked and that "
                    + "this program may use it, then try again; or set CODEX_AUTH_STORE=file.", null);
        }
        return new StoreException("The OS keychain failed to " + doing + " (" + thrown.getClass().getSimpleName()
                + "). Check that it runs and is unlocked, then try again; or set CODEX_AUTH_STORE=file.", null);
    }

    @Override
    public synchronized void close() {
        closed = true;
        executor.shutdownNow();
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "codex-auth-keychain-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
