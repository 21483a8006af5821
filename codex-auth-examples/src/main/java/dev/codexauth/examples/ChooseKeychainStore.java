package dev.codexauth.examples;

import dev.codexauth.config.Settings;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import dev.codexauth.token.TokenStores;

/**
 * Keeps tokens in the OS keychain instead of a file. The same choice without code:
 * {@code CODEX_AUTH_STORE=keychain} (or {@code auto}: the keychain when it works here, else the file).
 */
public final class ChooseKeychainStore {

    public static void main(String[] args) {
        // Every store on the class path registers a provider; ask each whether it can work on this machine.
        for (TokenStoreProvider provider : TokenStores.providers()) {
            TokenStoreProvider.Availability a = provider.availability(Settings.defaults());
            System.out.println(provider.name() + ": " + (a.usable() ? "usable" : "not usable") + " (" + a.reason() + ")");
        }

        // Pick one by name in the settings; the rest of the library does not change.
        Settings settings = Settings.builder().store("keychain").build();
        try (TokenStore store = TokenStores.open(settings)) {
            System.out.println("tokens go to " + store.location());
            System.out.println("signed in: " + store.load(settings.profile()).isPresent());
        }
        // Hand `settings` (or `store`) to RefreshingCredentials and HttpCodexClient as in StreamEvents.
    }

    private ChooseKeychainStore() {
    }
}
