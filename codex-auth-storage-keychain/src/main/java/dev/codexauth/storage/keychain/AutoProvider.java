package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import dev.codexauth.token.TokenStores;

/**
 * The {@code auto} provider: an {@link AutoTokenStore}, which is the OS keychain when it works and the
 * file store otherwise. Its priority is below every real store so that it never chooses itself.
 */
public final class AutoProvider implements TokenStoreProvider {

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Availability availability(Settings settings) {
        return TokenStores.provider("file").isPresent()
                ? Availability.yes("always: the OS keychain when it works, otherwise the file store")
                : new KeychainProvider().availability(settings);
    }

    @Override
    public TokenStore create(Settings settings) {
        return AutoTokenStore.open(settings);
    }
}
