package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.InMemoryTokenStore;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A separate JVM for tests that must see a process end by itself or run in another D-Bus session.
 * Usage: {@code KeychainChild <mode> <service> <home> [call timeout ms]}. It prints one result per line
 * and returns from {@code main} without {@code System.exit}, so the JVM ends only if no non-daemon
 * thread is left.
 */
public final class KeychainChild {

    private static void signalKeyring(String signal) throws Exception {
        new ProcessBuilder("kill", signal, System.getenv("KEYRING_PID")).inheritIO().start().waitFor();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String service = args[1];
        Path home = Path.of(args[2]);
        Duration timeout = args.length > 3 ? Duration.ofMillis(Long.parseLong(args[3])) : KeychainTokenStore.DEFAULT_CALL_TIMEOUT;
        Settings settings = Settings.builder(new Properties(), Map.of()).home(home).build();
        try {
            switch (mode) {
                case "use" -> {
                    try (KeychainTokenStore store = KeychainTokenStore.builder(settings).service(service).callTimeout(timeout)
                            .lockStore(new InMemoryTokenStore()).open()) {
                        store.save("default", TestLogins.login());
                        boolean same = store.load("default").orElseThrow().equals(TestLogins.login());
                        store.delete("default");
                        System.out.println("used " + same);
                    }
                }
                case "open" -> {
                    try (KeychainTokenStore store = KeychainTokenStore.builder(settings).service(service).callTimeout(timeout)
                            .lockStore(new InMemoryTokenStore()).open()) {
                        System.out.println("opened " + store.location());
                    }
                }
                case "hang-after-open" -> {
                    // The Secret Service stops answering after the store opened: the next call must time out,
                    // and once it answers again the same store must work again.
                    try (KeychainTokenStore store = KeychainTokenStore.builder(settings).service(service).callTimeout(timeout)
                            .lockStore(new InMemoryTokenStore()).open()) {
                        System.out.println("opened");
                        signalKeyring("-STOP");
                        try {
                            store.load("default");
                            System.out.println("loaded");
                        } catch (StoreException e) {
                            System.out.println("failed " + e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                        try {
                            store.load("default");
                            System.out.println("still-stopped loaded");
                        } catch (StoreException e) {
                            System.out.println("still-stopped " + e.getMessage());
                        }
                        signalKeyring("-CONT");
                        try {
                            store.save("default", TestLogins.login());
                            boolean same = store.load("default").orElseThrow().equals(TestLogins.login());
                            store.delete("default");
                            System.out.println("then recovered " + same);
                        } catch (StoreException e) {
                            System.out.println("then " + e.getMessage());
                        }
                    }
                }
                case "auto" -> {
                    try (TokenStore store = TokenStores.open(settings.toBuilder().store("auto").keychainService(service).build())) {
                        AutoTokenStore auto = (AutoTokenStore) store;
                        store.save("default", TestLogins.login());
                        boolean same = store.load("default").orElseThrow().equals(TestLogins.login());
                        store.delete("default");
                        System.out.println("chose " + auto.choice().store() + " " + same);
                        System.out.println("name " + store.name());
                        System.out.println("location " + store.location());
                    }
                }
                case "try-lock" -> {
                    try (TokenStore file = TokenStores.provider("file").orElseThrow().create(settings);
                         StoreLock lock = file.lock("default", timeout)) {
                        System.out.println("locked");
                    }
                }
                default -> throw new IllegalArgumentException(mode);
            }
        } catch (StoreException e) {
            System.out.println("failed " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        // D-Bus's sender thread ends shortly after close(), not within it: give each thread time to finish
        // its last step, so what is reported is a thread that would really keep the JVM alive.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isDaemon() && t != Thread.currentThread()) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (t.isAlive()) {
                    System.out.println("non-daemon " + t.getName());
                }
            }
        }
    }
}
