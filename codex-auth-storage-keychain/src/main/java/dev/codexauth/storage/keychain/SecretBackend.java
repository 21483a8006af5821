package dev.codexauth.storage.keychain;

import java.util.Optional;

/**
 * The few operations the store needs from an OS keychain. Methods may block and may throw anything;
 * {@link KeychainTokenStore} only calls them through a {@link KeychainWorker}.
 */
interface SecretBackend extends AutoCloseable {

    /** Connects (may throw, may block); called once before any other method. */
    void open() throws Exception;

    /** Which keychain answered, for the user (e.g. {@code GNOME_KEYRING}). */
    String kind();

    /** The entry's value, or empty when there is none. */
    Optional<String> read(String service, String account) throws Exception;

    /** Creates or replaces the entry. */
    void write(String service, String account, String value) throws Exception;

    /**
     * Removes the entry; {@code false} when there was none, <em>or</em> (java-keyring on macOS and
     * Windows) when the keychain refused: the caller tells the two apart by reading again.
     */
    boolean delete(String service, String account) throws Exception;

    /**
     * Called from another thread while a call hangs: release whatever the stuck call holds so that no
     * thread it started outlives it. Later calls fail; the store uses a fresh backend instead.
     */
    default void abandon() {
    }

    /** Releases the connection; must end every non-daemon thread the backend started. */
    @Override
    void close() throws Exception;
}
