package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;

/**
 * The {@code keychain} provider (priority 100): the OS keychain when it passes
 * {@link KeychainTokenStore#open its probe}. The service is {@value KeychainTokenStore#DEFAULT_SERVICE}
 * unless the system property {@value #SERVICE_PROPERTY} or the environment variable
 * {@value #SERVICE_VARIABLE} names another (tests use this to stay away from a user's real entry).
 */
public final class KeychainProvider implements TokenStoreProvider {

    /** Overrides the keychain service name (system property). */
    public static final String SERVICE_PROPERTY = "codex.auth.keychain.service";
    /** Overrides the keychain service name (environment variable). */
    public static final String SERVICE_VARIABLE = "CODEX_AUTH_KEYCHAIN_SERVICE";

    @Override
    public String name() {
        return "keychain";
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Runs the probe (a D-Bus check on Linux, then a throwaway write-read-delete); takes well under a second when it works. */
    @Override
    public Availability availability(Settings settings) {
        try (KeychainTokenStore store = builder(settings).open()) {
            return Availability.yes("the OS keychain (" + store.location() + ") passed a write-read-delete test");
        } catch (StoreException e) {
            return Availability.no(e.getMessage());
        }
    }

    /** @throws StoreException when the keychain cannot be used here, saying why */
    @Override
    public TokenStore create(Settings settings) {
        return builder(settings).open();
    }

    static KeychainTokenStore.Builder builder(Settings settings) {
        return KeychainTokenStore.builder(settings).service(configuredService());
    }

    static String configuredService() {
        String s = System.getProperty(SERVICE_PROPERTY);
        if (s == null || s.isBlank()) {
            s = System.getenv(SERVICE_VARIABLE);
        }
        return s == null || s.isBlank() ? KeychainTokenStore.DEFAULT_SERVICE : s;
    }
}
