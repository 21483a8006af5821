package dev.codexauth.http.catalog;

import dev.codexauth.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cache directory's files: read whole, written whole, owner-only, through {@link PrivateFiles}, so
 * a reader sees the old file or the new one and never half of one.
 */
final class CacheFiles {

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
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Replaces {@code name} atomically with {@code bytes}, owner-only; a failure is logged by the caller, not fatal. */
    void write(String name, byte[] bytes) throws IOException {
        PrivateFiles.createPrivateDirectories(dir);
        PrivateFiles.writeAtomically(dir.resolve(name), bytes);
    }
}
