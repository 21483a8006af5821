package dev.codexauth.token;

import dev.codexauth.config.Settings;

/**
 * Makes a {@link TokenStore}; found with {@link java.util.ServiceLoader} (list the implementation in
 * {@code META-INF/services/dev.codexauth.token.TokenStoreProvider}). A user picks one by
 * {@link #name()} through {@link Settings#store()}; {@code auto} picks the usable provider with the
 * highest {@link #priority()}.
 */
public interface TokenStoreProvider {

    /** The name users configure: {@code file}, {@code keychain}, {@code memory}... */
    String name();

    /** Preference for {@code auto}: higher wins among usable providers. */
    int priority();

    /** Whether this store can work on this machine now, and if not, why (cheap; no secrets touched). */
    Availability availability(Settings settings);

    /** Creates the store. */
    TokenStore create(Settings settings);

    /** @param reason why the store is or is not usable, in words a user understands */
    record Availability(boolean usable, String reason) {
        public static Availability yes(String reason) {
            return new Availability(true, reason);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
