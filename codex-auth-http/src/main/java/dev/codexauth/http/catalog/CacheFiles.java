package dev.codexauth.http.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The cache directory's files: read whole, written whole. A write goes to a temporary file in the
 * same directory, created owner-only (0600), forced to disk, then renamed over the target, so a
 * reader sees the old file or the new one and never half of one.
 */
final class CacheFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    CacheFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The file's bytes, or empty when it does not exist or cannot be read. */
    Optional<byte[]> read(String name) {
        try {
            return Optional.of(Files.readAllBytes(dir.resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Replaces {@code name} atomically with {@code bytes}, owner-only; a failure is logged by the caller, not fatal. */
    void write(String name, byte[] bytes) throws IOException {
        createDir();
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs(OWNER_ONLY))) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDir();
    }

    private void createDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, attrs(OWNER_DIR));
            } catch (FileAlreadyExistsException raced) {
                // another process made it first
            }
        }
    }

    private void syncDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // directories cannot be opened for fsync everywhere (Windows); the rename is still atomic
        }
    }

    private FileAttribute<?>[] attrs(Set<PosixFilePermission> perms) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    }
}
