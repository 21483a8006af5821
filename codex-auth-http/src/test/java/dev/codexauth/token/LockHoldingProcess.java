package dev.codexauth.token;

import dev.codexauth.config.Settings;
import dev.codexauth.storage.file.FileTokenStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Another process of {@link RefreshAcrossProcessesTest} that takes the refresh lock of the file store
 * in {@code args[0]}, says {@code LOCKED}, and holds it until its stdin closes.
 */
public final class LockHoldingProcess {

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.builder(new Properties(), Map.of()).home(Path.of(args[0])).store("file").build();
        try (FileTokenStore store = FileTokenStore.create(settings);
             StoreLock held = store.lock(settings.profile(), Duration.ofSeconds(10))) {
            System.out.println("LOCKED");
            System.out.flush();
            while (System.in.read() != -1) {
                // hold the lock until the test lets go
            }
        }
    }
}
