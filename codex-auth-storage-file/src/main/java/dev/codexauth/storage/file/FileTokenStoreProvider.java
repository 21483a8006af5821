package dev.codexauth.storage.file;

import dev.codexauth.config.Settings;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code file} store for {@link java.util.ServiceLoader}: {@link FileTokenStore} in
 * {@link Settings#authDir()}. Priority 50: above {@code memory} (0), below the OS keychain (100).
 */
public final class FileTokenStoreProvider implements TokenStoreProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public FileTokenStoreProvider() {
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public int priority() {
        return 50;
    }

    /** Usable when the directory exists and is writable, or the nearest existing parent is. */
    @Override
    public Availability availability(Settings settings) {
        Path dir = settings.authDir().toAbsolutePath();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return Availability.no("cannot create " + dir + ": " + (existing == null ? "no parent exists" : existing + " is not a directory"));
        }
        if (!Files.isWritable(existing)) {
            return Availability.no("cannot write to " + existing + "; set " + Settings.HOME + " to a directory you own");
        }
        return Availability.yes("private files (owner-only) in " + dir);
    }

    @Override
    public TokenStore create(Settings settings) {
        return FileTokenStore.create(settings);
    }
}
