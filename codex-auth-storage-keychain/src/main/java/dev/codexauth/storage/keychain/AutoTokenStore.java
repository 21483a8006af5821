package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.storage.file.FileTokenStore;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import dev.codexauth.token.TokenStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code auto} store: the OS keychain when its probe passes, otherwise the file store. It says
 * which it chose and why ({@link #choice()}, {@link #name()}, {@link #location()}) so that a status
 * command can show it.
 *
 * <p>A login never ends up split across the two. When the keychain is chosen and the file store
 * (of the same settings) still holds logins, from a time the keychain could not be used, they are
 * moved into the keychain with {@link StoreMigration}, and the choice's reason says so. If the first
 * move fails, {@code auto} uses the file store instead, so no login is hidden; an unreadable record
 * (moved aside by the file store) is skipped with a warning. {@link #delete}
 * clears both stores. When the keychain cannot be used, whatever it may hold cannot be seen, and the
 * reason says that too. Everything else is the chosen store's behaviour. Thread-safe.
 */
public final class AutoTokenStore implements TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(AutoTokenStore.class);

    /**
     * What {@code auto} chose.
     *
     * @param store  the chosen store's name ({@code keychain} or {@code file})
     * @param reason why, in words a user understands (never a secret)
     */
    public record Choice(String store, String reason) {
    }

    private final TokenStore chosen;
    private final TokenStore other;
    private final Choice choice;

    AutoTokenStore(TokenStore chosen, TokenStore other, Choice choice) {
        this.chosen = chosen;
        this.other = other;
        this.choice = choice;
    }

    /** Probes the keychain and opens it, or the file store when it cannot be used. */
    public static AutoTokenStore open(Settings settings) {
        return open(settings, KeychainTokenStore.builder(settings));
    }

    static AutoTokenStore open(Settings settings, KeychainTokenStore.Builder keychain) {
        KeychainTokenStore store;
        try {
            store = keychain.open();
        } catch (StoreException e) {
            TokenStore file = fileStore(settings, "The OS keychain cannot be used (" + e.getMessage() + ")");
            return new AutoTokenStore(file, null, new Choice("file", "the OS keychain cannot be used: " + e.getMessage()
                    + " (a login kept in the keychain earlier cannot be seen until it works again)"));
        }
        TokenStore file = fileStore(settings, "The OS keychain works, but a file store is needed to lock refreshes");
        StringBuilder reason = new StringBuilder("the OS keychain passed a write-read-delete test");
        List<String> moved = new ArrayList<>();
        for (String profile : file instanceof FileTokenStore files ? files.profiles() : List.<String>of()) {
            try {
                if (StoreMigration.move(file, store, profile, settings.lockTimeout()) == StoreMigration.Outcome.MOVED) {
                    moved.add("'" + profile + "'");
                }
            } catch (StoreException e) {
                if (e.recovery() == Recovery.SIGN_IN) {
                    // an unreadable record: the file store moved it aside, there is no login left to move
                    LOG.warn("Not moving the login of profile '{}' into the OS keychain: {}", profile, e.getMessage());
                    continue;
                }
                if (moved.isEmpty()) {
                    // Using the keychain now would hide the file's logins: stay with the file until a move works.
                    store.close();
                    LOG.warn("The OS keychain works, but moving the login of profile '{}' into it failed: {} "
                            + "Using the file store.", profile, e.getMessage());
                    return new AutoTokenStore(file, null, new Choice("file", "the OS keychain works, but moving the login "
                            + "of profile '" + profile + "' from " + file.location() + " into it failed: " + e.getMessage()));
                }
                LOG.warn("Moving the login of profile '{}' into the OS keychain failed; it stays in {}: {}",
                        profile, file.location(), e.getMessage());
                reason.append("; the login of profile '").append(profile).append("' could not be moved and is still in ")
                        .append(file.location()).append(" (").append(e.getMessage()).append(')');
            }
        }
        if (!moved.isEmpty()) {
            reason.append("; moved the login of profile ").append(String.join(", ", moved)).append(" from ")
                    .append(file.location()).append(" into it");
            LOG.info("Moved the login of profile {} from {} into the OS keychain ({}).",
                    String.join(", ", moved), file.location(), store.location());
        }
        return new AutoTokenStore(store, file, new Choice("keychain", reason.toString()));
    }

    private static TokenStore fileStore(Settings settings, String why) {
        TokenStoreProvider file = TokenStores.provider("file").orElseThrow(() -> new ConfigurationException(
                why + " and no 'file' token store is on the class path. Add codex-auth-storage-file."));
        return file.create(settings);
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

    /** The chosen store's own answer: the file store answers without reading the record. */
    @Override
    public boolean contains(String profile) {
        return chosen.contains(profile);
    }

    /** The chosen store's own answer: the file store leaves an unreadable record where it is. */
    @Override
    public Optional<Credentials> peek(String profile) {
        return chosen.peek(profile);
    }

    @Override
    public void save(String profile, Credentials credentials) {
        chosen.save(profile, credentials);
    }

    /** Deletes the profile's login from the chosen store and from the file store beside the keychain. */
    @Override
    public boolean delete(String profile) {
        boolean deleted = chosen.delete(profile);
        if (other != null) {
            deleted |= other.delete(profile);
        }
        return deleted;
    }

    @Override
    public StoreLock lock(String profile, Duration timeout) {
        return chosen.lock(profile, timeout);
    }

    @Override
    public void close() {
        try {
            chosen.close();
        } finally {
            if (other != null) {
                other.close();
            }
        }
    }

    @Override
    public String toString() {
        return "AutoTokenStore[" + name() + ", " + location() + "]";
    }
}
