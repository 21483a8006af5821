package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;

/**
 * The {@code keychain} provider (priority 100): the OS keychain when it passes
 * {@link KeychainTokenStore#open its probe}. The service is {@link Settings#keychainService()}
 * ({@value Settings#KEYCHAIN_SERVICE}), by default {@value KeychainTokenStore#DEFAULT_SERVICE}.
 *
 * <p>{@link #availability} runs the probe; a {@link #create} on the same instance with the same
 * {@link Settings} right after a passing probe only connects, without a second throwaway entry.
 */
public final class KeychainProvider implements TokenStoreProvider {

    // the settings of the last passing probe on this instance (compared by identity)
    private volatile Settings probed;

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
        try (KeychainTokenStore store = KeychainTokenStore.builder(settings).open()) {
            probed = settings;
            return Availability.yes("the OS keychain (" + store.location() + ") passed a write-read-delete test");
        } catch (StoreException e) {
            probed = null;
            return Availability.no(e.getMessage());
        }
    }

    /** @throws StoreException when the keychain cannot be used here, saying why */
    @Override
    public TokenStore create(Settings settings) {
        KeychainTokenStore.Builder builder = KeychainTokenStore.builder(settings);
        if (probed == settings) {
            probed = null;
            builder.roundTripAlreadyPassed();
        }
        return builder.open();
    }
}
