package dev.codexauth.token;

import java.time.Duration;
import java.util.Optional;

/**
 * Where logins are kept: the storage SPI. Implementations: the in-memory store here, the file store
 * ({@code codex-auth-storage-file}), the OS keychain ({@code codex-auth-storage-keychain}), or your
 * own (register a {@link TokenStoreProvider} for {@link java.util.ServiceLoader}).
 *
 * <p>A profile names one login (e.g. {@code default}, {@code work}). Implementations must be
 * thread-safe, never write a secret anywhere but their storage, and never leave a half-written record.
 * Failures are {@link dev.codexauth.error.StoreException}s with a message that says what to do.
 */
public interface TokenStore extends AutoCloseable {

    /** The store's name as configured ({@code file}, {@code keychain}, {@code memory}...). */
    String name();

    /** Where the tokens live, for the user (a path or a keychain service); never a secret. */
    String location();

    /** The saved login of this profile, if any. */
    Optional<Credentials> load(String profile);

    /** Saves (replaces) the login of this profile, atomically. */
    void save(String profile, Credentials credentials);

    /**
     * Whether this store holds a record for the profile, readable or not. Reads no secret and creates,
     * locks or moves nothing, so asking about a profile that was never signed in leaves no trace (a
     * logout asks this first). The default asks {@link #load} and counts a record it cannot read as
     * held; stores whose {@code load} has side effects override it.
     */
    default boolean contains(String profile) {
        try {
            return load(profile).isPresent();
        } catch (dev.codexauth.error.StoreException unreadable) {
            return true;
        }
    }

    /**
     * The saved login of this profile, read by a caller about to {@link #delete} it (a logout): like
     * {@link #load}, except that a record that cannot be read stays exactly where it is, for the delete
     * to remove. It is not kept aside the way {@code load} may keep it (as the file store does). Such a
     * record fails with a {@link dev.codexauth.error.StoreException} whose
     * {@linkplain dev.codexauth.error.CodexAuthException#recovery() recovery} is
     * {@link dev.codexauth.error.Recovery#SIGN_IN}. The default is {@link #load}.
     */
    default Optional<Credentials> peek(String profile) {
        return load(profile);
    }

    /** Deletes the login of this profile; {@code false} when there was none. */
    boolean delete(String profile);

    /**
     * Takes the lock that serialises refreshes of this profile across threads <em>and processes</em>.
     * The holder re-reads the store, refreshes if still needed, saves, then closes the lock. Waits at
     * most {@code timeout}, then fails with a {@link dev.codexauth.error.StoreException}: a lock is
     * never silently skipped.
     */
    StoreLock lock(String profile, Duration timeout);

    /** Releases what the store holds (worker threads, connections). The default holds nothing. */
    @Override
    default void close() {
    }
}
