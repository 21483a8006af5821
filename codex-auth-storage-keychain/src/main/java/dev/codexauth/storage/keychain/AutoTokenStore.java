package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import dev.codexauth.token.TokenStores;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code auto} store: the OS keychain when its probe passes, otherwise the file store. It says
 * which it chose and why ({@link #choice()}, {@link #name()}, {@link #location()}) so that a status
 * command can show it. Everything else is the chosen store's behaviour. Thread-safe.
 */
public final class AutoTokenStore implements TokenStore {

    /**
     * What {@code auto} chose.
     *
     * @param store  the chosen store's name ({@code keychain} or {@code file})
     * @param reason why, in words a user understands (never a secret)
     */
    public record Choice(String store, String reason) {
    }

    private final TokenStore chosen;
    private final Choice choice;

    AutoTokenStore(TokenStore chosen, Choice choice) {
        this.chosen = chosen;
        this.choice = choice;
    }

    /** Probes the keychain and opens it, or the file store when it cannot be used. */
    public static AutoTokenStore open(Settings settings) {
        return open(settings, KeychainProvider.builder(settings));
    }

    static AutoTokenStore open(Settings settings, KeychainTokenStore.Builder keychain) {
        try {
            KeychainTokenStore store = keychain.open();
            return new AutoTokenStore(store, new Choice("keychain", "the OS keychain passed a write-read-delete test"));
        } catch (StoreException e) {
            TokenStoreProvider file = TokenStores.provider("file").orElseThrow(() -> new ConfigurationException(
                    "The OS keychain cannot be used (" + e.getMessage() + ") and no 'file' token store is on the class "
                            + "path to fall back to. Add codex-auth-storage-file."));
            return new AutoTokenStore(file.create(settings),
                    new Choice("file", "the OS keychain cannot be used: " + e.getMessage()));
        }
    }

    /** What was chosen and why. */
    public Choice choice() {
        return choice;
    }

    /** The chosen store. */
    public TokenStore chosen() {
        return chosen;
    }

    /** {@code auto:keychain} or {@code auto:file}. */
    @Override
    public String name() {
        return "auto:" + choice.store();
    }

    @Override
    public String location() {
        return chosen.location() + " (chosen by auto: " + choice.reason() + ")";
    }

    @Override
    public Optional<Credentials> load(String profile) {
        return chosen.load(profile);
    }

    @Override
    public void save(String profile, Credentials credentials) {
        chosen.save(profile, credentials);
    }

    @Override
    public boolean delete(String profile) {
        return chosen.delete(profile);
    }

    @Override
    public StoreLock lock(String profile, Duration timeout) {
        return chosen.lock(profile, timeout);
    }

    @Override
    public void close() {
        chosen.close();
    }

    @Override
    public String toString() {
        return "AutoTokenStore[" + name() + ", " + location() + "]";
    }
}
