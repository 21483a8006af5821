package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.storage.file.OpenCodeRecord;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.Profiles;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import dev.codexauth.token.TokenStores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps logins in the OS keychain: macOS Keychain, Windows Credential Manager, or the freedesktop
 * Secret Service on Linux (gnome-keyring, KeePassXC, KWallet), through java-keyring.
 *
 * <h2>Names</h2>
 * Service {@value #DEFAULT_SERVICE} (or {@link Settings#keychainService()}), account
 * {@code cli|<first 16 hex of sha256(home dir)>} for the {@code default} profile and
 * {@code cli|<hash>|<profile>} for others: the Codex CLI's account convention (SPEC §5), but under a
 * service of our own. The value is the login's compact {@link OpenCodeRecord}, the record OpenCode and
 * the file store write, <b>not</b> the Codex CLI's {@code auth.json} format; the Codex CLI cannot read
 * it. That is why the service is not the Codex CLI's {@code Codex Auth}: with the same home directory
 * (for example {@code CODEX_AUTH_HOME=~/.codex}) the account names coincide, and writing there would
 * replace the Codex CLI's own entry with a record it cannot read. Its entry is never touched.
 * Profile names follow {@link Profiles}.
 *
 * <h2>Values of any size</h2>
 * A value that fits in one entry is stored as it is, so the entry holds exactly the record SPEC §5
 * describes and other tools can read it. A larger one (a token set is larger than the 2560 bytes a
 * Windows credential can hold) is split: its parts go to entries {@code <account>|part|<gen>|<i>} under
 * a fresh random generation, and only then is the main entry replaced by a small head naming that
 * generation, the part count and a checksum. Replacing one entry is atomic on every keychain, so a
 * crash or a concurrent reader sees the old login or the new one, never a mix or nothing; the old
 * generation's parts are deleted afterwards.
 * <p>Splitting was chosen over the alternative (a random AES-GCM key in the keychain and the encrypted
 * record in a 0600 file) because it keeps the keychain the only place the login lives: nothing to lose
 * or restore separately, no second file to keep in step with the key, no file that a backup copies
 * without its key, and the common case stays a single plain entry holding the plain record.
 *
 * <h2>Failures</h2>
 * Every keychain call runs on a daemon worker thread and is abandoned after {@code callTimeout}; the
 * connection the stuck call held is closed, and the next call connects afresh (checking the keychain
 * again first), so one hang does not disable the store for the life of the process. Every exception,
 * checked or not (java-keyring throws {@code NullPointerException} for a locked collection), becomes
 * a {@link StoreException} that says what to do; none carries a token. A deletion the keychain
 * refused (java-keyring reports it like a missing entry) is noticed by reading again, and fails.
 * {@link #open} proves the keychain works with a write-read-delete round trip before it returns.
 *
 * <h2>Locking</h2>
 * A keychain has no locks, so {@link #lock} uses the file store's lock file for the profile in
 * {@link Settings#authDir()}: the same lock the file store takes, which also serialises a migration
 * between the two stores against a refresh. {@link #save} and {@link #delete} take that lock too, so two
 * processes never interleave the parts of a split login.
 *
 * <p>Thread-safe. {@link #close()} closes the keychain connection so the JVM can exit.
 */
@SuppressWarnings("try") // a held lock is a resource only to be closed
public final class KeychainTokenStore implements TokenStore {

    /**
     * This library's keychain service. Deliberately not the Codex CLI's ({@code Codex Auth}): the value
     * here is the OpenCode record, which the Codex CLI cannot read (see the class comment).
     */
    public static final String DEFAULT_SERVICE = "Codex Auth for Java";
    /** How long one keychain call may take by default. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(KeychainTokenStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final String service;
    private final Path home;
    private final int entryLimit;
    private final Supplier<SecretBackend> backends;
    private final KeychainWorker worker;
    // The backend calls go to, and whether a timed-out call made us give it up. Replaced only under
    // reconnectGuard; abandon() runs inside a worker call, so it takes no lock at all.
    private volatile SecretBackend backend;
    private volatile boolean backendAbandoned;
    private final Object reconnectGuard = new Object();
    private final Object lockStoreGuard = new Object();
    private TokenStore lockStore;
    private final boolean ownsLockStore;
    private boolean closed;

    private KeychainTokenStore(Builder b, Supplier<SecretBackend> backends, KeychainWorker worker) {
        this.settings = b.settings;
        this.service = b.service;
        this.home = b.settings.home();
        this.entryLimit = b.entryLimit;
        this.backends = backends;
        this.backend = backends.get();
        this.worker = worker;
        this.lockStore = b.lockStore;
        this.ownsLockStore = b.lockStore == null;
    }

    /** Opens the keychain of this machine with these settings and default names. */
    public static KeychainTokenStore open(Settings settings) {
        return builder(settings).open();
    }

    /** A builder; {@code settings} gives the home directory (for the account name) and the auth dir (for locks). */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    @Override
    public String name() {
        return "keychain";
    }

    @Override
    public String location() {
        return "OS keychain (" + currentKind() + "), service '" + service + "', account '"
                + KeychainNames.account(home, settings.profile()) + "'";
    }

    /** The keychain service this store's entries are filed under. */
    public String service() {
        return service;
    }

    /** The account name of a profile's entry. */
    public String account(String profile) {
        return KeychainNames.account(home, Profiles.requireValid(profile));
    }

    @Override
    public Optional<Credentials> load(String profile) {
        String account = account(profile);
        String where = "the OS keychain (service '" + service + "', account '" + account + "')";
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<String> entry = read(account, "read the login of profile '" + profile + "'");
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            Optional<SplitHead> head = SplitHead.parse(entry.get());
            if (head.isEmpty()) {
                return Optional.of(OpenCodeRecord.fromJson(entry.get(), where));
            }
            Optional<String> joined = join(account, head.get(), profile);
            if (joined.isPresent()) {
                return Optional.of(OpenCodeRecord.fromJson(joined.get(), where));
            }
            // A writer may have replaced the login while we read its parts: read again if so.
            if (read(account, "read the login of profile '" + profile + "'").equals(entry)) {
                break;
            }
        }
        throw new StoreException("The login in " + where + " is incomplete (a part is missing or does not match). "
                + "Sign in again to replace it.", Recovery.SIGN_IN, null);
    }

    @Override
    public void save(String profile, Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        String account = account(profile);
        String doing = "save the login of profile '" + profile + "'";
        String json = OpenCodeRecord.toJson(credentials);
        // Under the profile's lock: two writers interleaving would each delete the other's new parts.
        try (StoreLock held = lock(profile, settings.lockTimeout())) {
            saveLocked(account, json, doing, profile);
        }
    }

    private void saveLocked(String account, String json, String doing, String profile) {
        Optional<SplitHead> old = read(account, doing).flatMap(SplitHead::parse);
        if (json.length() <= entryLimit) {
            write(account, json, doing);
        } else {
            String generation;
            do {
                generation = HexFormat.of().formatHex(randomBytes(4));
            } while (old.isPresent() && old.get().generation().equals(generation));
            List<String> pieces = SplitHead.cut(json, entryLimit);
            for (int i = 0; i < pieces.size(); i++) {
                write(KeychainNames.part(account, generation, i), pieces.get(i), doing);
            }
            write(account, new SplitHead(generation, pieces.size(), SplitHead.checksumOf(json)).render(), doing);
        }
        old.ifPresent(h -> removeParts(account, h, profile));
    }

    /**
     * Deletes the profile's login; {@code false} when there was none.
     *
     * @throws StoreException when the keychain kept the entry (it refused the deletion)
     */
    @Override
    public boolean delete(String profile) {
        String account = account(profile);
        String doing = "delete the login of profile '" + profile + "'";
        try (StoreLock held = lock(profile, settings.lockTimeout())) {
            Optional<String> entry = read(account, doing);
            if (entry.isEmpty()) {
                return false;
            }
            boolean deleted = call(doing, b -> b.delete(service, account));
            // java-keyring reports a refusal (access denied) the same way as "no such entry" on macOS and
            // Windows; we just read the entry, so look whether it is really gone.
            if (!deleted && read(account, doing).isPresent()) {
                throw new StoreException("The OS keychain refused to " + doing + ": the entry (service '" + service
                        + "', account '" + account + "') is still there. Check that this program may change it (or "
                        + "remove it in your keychain app), then try again.", null);
            }
            SplitHead.parse(entry.get()).ifPresent(h -> removeParts(account, h, profile));
            return true;
        }
    }

    @Override
    public StoreLock lock(String profile, Duration timeout) {
        return lockStore().lock(Profiles.requireValid(profile), timeout);
    }

    @Override
    public void close() {
        synchronized (lockStoreGuard) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            SecretBackend b = backend;
            if (!backendAbandoned) {
                worker.call("close its connection", () -> {
                    b.close();
                    return null;
                }, b::abandon);
            }
        } catch (StoreException e) {
            LOG.warn("Closing the OS keychain connection failed: {}", e.getMessage());
        } finally {
            worker.close();
            synchronized (lockStoreGuard) {
                if (lockStore != null && ownsLockStore) {
                    lockStore.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "KeychainTokenStore[" + location() + "]";
    }

    // --- internals ---

    private Optional<String> join(String account, SplitHead head, String profile) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < head.parts(); i++) {
            Optional<String> part = read(KeychainNames.part(account, head.generation(), i),
                    "read the login of profile '" + profile + "'");
            if (part.isEmpty()) {
                return Optional.empty();
            }
            value.append(part.get());
        }
        String joined = value.toString();
        return SplitHead.checksumOf(joined).equals(head.checksum()) ? Optional.of(joined) : Optional.empty();
    }

    /** Best effort: a leftover part holds only a fragment nobody points to, so failing here must not fail the caller. */
    private void removeParts(String account, SplitHead head, String profile) {
        for (int i = 0; i < head.parts(); i++) {
            String part = KeychainNames.part(account, head.generation(), i);
            try {
                call("remove an old part of the login of profile '" + profile + "'", b -> b.delete(service, part));
            } catch (StoreException e) {
                LOG.warn("{} An unused entry '{}' may be left in the keychain.", e.getMessage(), part);
            }
        }
    }

    private Optional<String> read(String account, String doing) {
        return call(doing, b -> b.read(service, account));
    }

    private void write(String account, String value, String doing) {
        call(doing, b -> {
            b.write(service, account, value);
            return null;
        });
    }

    /** One backend operation. */
    private interface BackendCall<T> {
        T on(SecretBackend backend) throws Exception;
    }

    /**
     * Runs {@code task} against the current backend on the worker. When a call times out, that backend
     * is abandoned (its connection closed, so it refuses everything after), and the next call first
     * connects a fresh one: a keychain that hung once, for a prompt or a stopped daemon, works again
     * once it answers, without reopening the store.
     */
    private <T> T call(String doing, BackendCall<T> task) {
        SecretBackend b = usableBackend(doing);
        return worker.call(doing, () -> task.on(b), () -> abandon(b));
    }

    private void abandon(SecretBackend b) {
        if (backend == b) {
            backendAbandoned = true;
        }
        b.abandon();
    }

    private SecretBackend usableBackend(String doing) {
        synchronized (reconnectGuard) {
            if (backendAbandoned) {
                SecretBackend fresh = backends.get();
                try {
                    connect(fresh);
                } catch (StoreException e) {
                    throw new StoreException("The OS keychain stopped answering earlier in this process, and connecting "
                            + "to it again failed, so it could not " + doing + ": " + e.getMessage(), null);
                }
                backend = fresh;
                backendAbandoned = false;
            }
            return backend;
        }
    }

    private String currentKind() {
        return backend.kind();
    }

    /** Checks the Secret Service on Linux (every way it can hang is met there first), then opens {@code b}. */
    private void connect(SecretBackend b) {
        if (b instanceof JavaKeyringBackend && Platform.current() == Platform.LINUX) {
            SessionBus bus = new SessionBus();
            worker.call("find a Secret Service on the D-Bus session bus", () -> {
                bus.requireUsableSecretService(System.getenv());
                return null;
            }, bus::abandon);
        }
        worker.call("open the keychain", () -> {
            b.open();
            return null;
        }, b::abandon);
    }

    private TokenStore lockStore() {
        synchronized (lockStoreGuard) {
            if (lockStore == null) {
                TokenStoreProvider file = TokenStores.provider("file").orElseThrow(() -> new ConfigurationException(
                        "The keychain store locks refreshes with the file store's lock files, but no 'file' token store "
                                + "is on the class path. Add codex-auth-storage-file."));
                lockStore = file.create(settings);
            }
            return lockStore;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * Connects, then (unless {@code roundTrip} is false because a probe just passed) checks the keychain
     * with a throwaway entry; throws a {@link StoreException} saying why it cannot be used.
     */
    private void probe(boolean roundTrip) {
        connect(backend);
        if (!roundTrip) {
            return;
        }
        String account = "probe|" + HexFormat.of().formatHex(randomBytes(8));
        String value = HexFormat.of().formatHex(randomBytes(16));
        String doing = "store a test entry";
        write(account, value, doing);
        try {
            if (!read(account, "read back a test entry").equals(Optional.of(value))) {
                throw new StoreException("The OS keychain (" + currentKind() + ") did not give back a test entry it "
                        + "had just stored. Check that it works, or set CODEX_AUTH_STORE=file.", null);
            }
        } finally {
            call("delete a test entry", b -> b.delete(service, account));
        }
    }

    /** Settings of a {@link KeychainTokenStore}. Not thread-safe. */
    public static final class Builder {
        private final Settings settings;
        private String service = DEFAULT_SERVICE;
        private int entryLimit = Platform.current().entryLimit();
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Supplier<SecretBackend> backends;
        private TokenStore lockStore;
        private boolean roundTrip = true;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            if (settings.keychainService() != null) {
                this.service = settings.keychainService();
            }
        }

        /**
         * The keychain service (default {@link Settings#keychainService()}, else {@value #DEFAULT_SERVICE});
         * printable ASCII. Tests use their own.
         */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /**
         * The most characters one keychain entry may hold (default: 1200 on Windows, unlimited elsewhere);
         * larger values are split. At least {@value SplitHead#MIN_ENTRY_LIMIT}.
         */
        public Builder entryLimit(int chars) {
            this.entryLimit = chars;
            return this;
        }

        /** How long one keychain call may take before it fails (default 10 s). */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The store whose {@link TokenStore#lock} this one uses (default: the file store of the same settings). */
        public Builder lockStore(TokenStore lockStore) {
            this.lockStore = Objects.requireNonNull(lockStore, "lockStore");
            return this;
        }

        /** Where backends come from: one at open, and a fresh one after a call timed out. */
        Builder backends(Supplier<SecretBackend> backends) {
            this.backends = backends;
            return this;
        }

        /** Skips the write-read-delete round trip at {@link #open} because one just passed (the provider's availability check). */
        Builder roundTripAlreadyPassed() {
            this.roundTrip = false;
            return this;
        }

        /**
         * Opens the keychain and proves it with a write-read-delete round trip of a throwaway entry.
         *
         * @throws StoreException when no keychain can be used here, saying why; nothing is left running
         */
        public KeychainTokenStore open() {
            if (!service.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || service.isBlank()) {
                throw new ConfigurationException("The keychain service name must be printable ASCII, not '" + service + "'.");
            }
            if (entryLimit < SplitHead.MIN_ENTRY_LIMIT) {
                throw new ConfigurationException("The keychain entry limit must be at least " + SplitHead.MIN_ENTRY_LIMIT
                        + " characters, not " + entryLimit + ".");
            }
            KeychainWorker worker = new KeychainWorker(callTimeout);
            Supplier<SecretBackend> source = backends != null ? backends : () -> new JavaKeyringBackend(Platform.current());
            KeychainTokenStore store = new KeychainTokenStore(this, source, worker);
            try {
                store.probe(roundTrip);
                return store;
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
    }
}
