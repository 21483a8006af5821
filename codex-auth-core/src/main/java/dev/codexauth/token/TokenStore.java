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
