package dev.codexauth.storage.keychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.config.Settings;
import dev.codexauth.error.StoreException;
import dev.codexauth.storage.file.FileTokenStore;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.InMemoryTokenStore;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import dev.codexauth.token.TokenStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auto}, migration between the file store and the keychain, and the shared refresh lock, on the real keychain. */
class AutoAndMigrationTest {

    @TempDir
    Path home;

    private final String service = TestLogins.uniqueService();
    private KeychainTokenStore keychain;
    private FileTokenStore file;

    @AfterEach
    void cleanUp() {
        if (keychain != null) {
            keychain.delete("default");
            keychain.delete("work");
            keychain.close();
        }
        if (file != null) {
            file.close();
        }
    }

    private Settings settings() {
        return TestLogins.settings(home);
    }

    private KeychainTokenStore keychain(int entryLimit) {
        keychain = KeychainTokenStore.builder(settings()).service(service).entryLimit(entryLimit).open();
        return keychain;
    }

    private FileTokenStore file() {
        file = FileTokenStore.create(settings());
        return file;
    }

    @Test
    void autoOnTheFileStoreAsksWithoutMovingAnUnreadableRecordAside() throws Exception {
        FileTokenStore files = file();
        java.nio.file.Files.createDirectories(files.file("default").getParent());
        java.nio.file.Files.writeString(files.file("default"), "{\"type\":\"oauth\",\"access\":");
        AutoTokenStore auto = new AutoTokenStore(files, null, new AutoTokenStore.Choice("file", "a test"));

        assertThat(auto.contains("default")).isTrue();
        assertThatThrownBy(() -> auto.peek("default")).isInstanceOf(StoreException.class);
        try (var entries = java.nio.file.Files.list(files.file("default").getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".corrupt-"));
        }
    }

    @Test
    void bothProvidersAreFoundByServiceLoader() {
        TokenStoreProvider keychainProvider = TokenStores.provider("keychain").orElseThrow();
        assertThat(keychainProvider.priority()).isEqualTo(100);
        assertThat(TokenStores.provider("auto")).isPresent();
        assertThat(keychainProvider.availability(settings()).usable()).isTrue();
    }

    @Test
    void autoChoosesTheKeychainWhenItWorksAndSaysSo() {
        try (AutoTokenStore auto = AutoTokenStore.open(settings(), KeychainTokenStore.builder(settings()).service(service))) {
            assertThat(auto.choice().store()).isEqualTo("keychain");
            assertThat(auto.name()).isEqualTo("auto:keychain");
            assertThat(auto.location()).contains(service).contains("chosen by auto").contains("write-read-delete");

            auto.save("default", TestLogins.login());
            assertThat(auto.load("default")).contains(TestLogins.login());
            assertThat(auto.delete("default")).isTrue();
        }
    }

    @Test
    void autoThroughServiceLoaderFallsBackToTheFileStoreWithoutASessionBusAndSaysWhy() throws Exception {
        ChildJvm.Result r = ChildJvm.run(env -> env.remove("DBUS_SESSION_BUS_ADDRESS"), "auto", service, home.toString());

        assertThat(r.out()).contains("chose file true").contains("name auto:file");
        assertThat(r.line("location ")).contains(home.toString()).contains("DBUS_SESSION_BUS_ADDRESS is not set")
                .contains("a login kept in the keychain earlier cannot be seen");
        assertThat(r.exitedByItself()).isTrue();
    }

    @Test
    void whenAutoChoosesTheKeychainItMovesLoginsLeftInTheFileStoreIntoItAndSaysSo() {
        Credentials work = new Credentials("w-access", "w-refresh", null, Instant.ofEpochMilli(7), "acct-w");
        file().save("default", TestLogins.login());
        file.save("work", work);

        try (AutoTokenStore auto = AutoTokenStore.open(settings(), KeychainTokenStore.builder(settings()).service(service))) {
            assertThat(auto.name()).isEqualTo("auto:keychain");
            assertThat(auto.choice().reason()).contains("moved the login of profile 'default', 'work' from " + file.location());
            assertThat(file.profiles()).isEmpty();
            assertThat(auto.load("default")).contains(TestLogins.login());
            assertThat(auto.load("work")).contains(work);

            assertThat(auto.delete("work")).isTrue();
        }
        keychain(Integer.MAX_VALUE);
        assertThat(keychain.load("default")).contains(TestLogins.login());
        assertThat(keychain.load("work")).isEmpty();
    }

    @Test
    void deletingThroughAutoClearsTheLoginFromBothStores() {
        try (AutoTokenStore auto = AutoTokenStore.open(settings(), KeychainTokenStore.builder(settings()).service(service))) {
            assertThat(auto.name()).isEqualTo("auto:keychain");
            auto.save("default", TestLogins.login());
            // a login that reached the file store meanwhile (another program with CODEX_AUTH_STORE=file)
            file().save("default", TestLogins.login());

            assertThat(auto.delete("default")).isTrue();

            assertThat(auto.load("default")).isEmpty();
            assertThat(file.load("default")).isEmpty();
            assertThat(auto.delete("default")).isFalse();
        }
    }

    @Test
    void anUnreadableFileRecordIsNotMovedAndDoesNotStopTheOthers() throws Exception {
        file().save("default", TestLogins.login());
        java.nio.file.Files.writeString(file.file("broken"), "{ damaged");

        try (AutoTokenStore auto = AutoTokenStore.open(settings(), KeychainTokenStore.builder(settings()).service(service))) {
            assertThat(auto.name()).isEqualTo("auto:keychain");
            assertThat(auto.choice().reason()).contains("moved the login of profile 'default'").doesNotContain("'broken'");
            assertThat(auto.load("default")).contains(TestLogins.login());
            assertThat(auto.load("broken")).isEmpty();
        }
        assertThat(file.profiles()).isEmpty();
    }

    @Test
    void whenTheFirstMoveFailsAutoStaysOnTheFileStoreSoNoLoginIsHidden() {
        file().save("default", TestLogins.login());
        // a keychain that alters records: the probe passes, the copy does not read back identically
        KeychainTokenStore.Builder refusing = KeychainTokenStore.builder(settings()).service(service)
                .backends(() -> new AlteringBackend(new JavaKeyringBackend(Platform.current())));

        try (AutoTokenStore auto = AutoTokenStore.open(settings(), refusing)) {
            assertThat(auto.name()).isEqualTo("auto:file");
            assertThat(auto.choice().reason()).contains("moving the login of profile 'default'")
                    .contains("did not read back identically").doesNotContain("SECRET");
            assertThat(auto.load("default")).contains(TestLogins.login());
        }
        assertThat(file.load("default")).contains(TestLogins.login());
        keychain(Integer.MAX_VALUE); // so that cleanUp removes the altered copy
    }

    /** The real keychain, except that a value longer than a probe's gains a field (as a broken keychain might alter it). */
    private static final class AlteringBackend implements SecretBackend {
        private final SecretBackend real;

        AlteringBackend(SecretBackend real) {
            this.real = real;
        }

        @Override
        public void open() throws Exception {
            real.open();
        }

        @Override
        public String kind() {
            return real.kind();
        }

        @Override
        public Optional<String> read(String service, String account) throws Exception {
            return real.read(service, account);
        }

        @Override
        public void write(String service, String account, String value) throws Exception {
            real.write(service, account, value.length() > 40 ? value.substring(0, value.lastIndexOf('}')) + ",\"x\":1}" : value);
        }

        @Override
        public boolean delete(String service, String account) throws Exception {
            return real.delete(service, account);
        }

        @Override
        public void abandon() {
            real.abandon();
        }

        @Override
        public void close() throws Exception {
            real.close();
        }
    }

    @Test
    void autoThroughServiceLoaderChoosesTheKeychainInAWorkingSession() throws Exception {
        ChildJvm.Result r = ChildJvm.run(env -> { }, "auto", service, home.toString());

        assertThat(r.out()).contains("chose keychain true").contains("name auto:keychain").doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).isTrue();
    }

    @Test
    void aLoginMovesFromTheFileToTheKeychainAndBack() {
        file().save("default", TestLogins.login());

        assertThat(StoreMigration.move(file, keychain(64), "default", Duration.ofSeconds(5)))
                .isEqualTo(StoreMigration.Outcome.MOVED);
        assertThat(file.load("default")).isEmpty();
        assertThat(keychain.load("default")).contains(TestLogins.login());

        assertThat(StoreMigration.move(keychain, file, "default", Duration.ofSeconds(5)))
                .isEqualTo(StoreMigration.Outcome.MOVED);
        assertThat(keychain.load("default")).isEmpty();
        assertThat(file.load("default")).contains(TestLogins.login());
    }

    @Test
    void duringMigrationsTheLoginIsAlwaysInOneStoreOrTheOther() throws Exception {
        file().save("default", TestLogins.login());
        keychain(Integer.MAX_VALUE);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        AtomicInteger missing = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                // source before target: if the source no longer has it, the target already had it before that
                boolean inFile = file.load("default").isPresent();
                boolean inKeychain = keychain.load("default").isPresent();
                boolean inFileAgain = file.load("default").isPresent();
                checks.incrementAndGet();
                if (!inFile && !inKeychain && !inFileAgain) {
                    missing.incrementAndGet();
                }
            }
        });
        watcher.start();
        for (int i = 0; i < 5; i++) {
            StoreMigration.move(file, keychain, "default", Duration.ofSeconds(5));
            StoreMigration.move(keychain, file, "default", Duration.ofSeconds(5));
        }
        done.set(true);
        watcher.join();

        assertThat(checks.get()).isPositive();
        assertThat(missing).hasValue(0);
        assertThat(file.load("default")).contains(TestLogins.login());
    }

    @Test
    void whenTheCopyDoesNotReadBackTheSourceKeepsTheLogin() {
        file().save("default", TestLogins.login());
        TokenStore lossy = new LossyStore();

        assertThatThrownBy(() -> StoreMigration.move(file, lossy, "default", Duration.ofSeconds(5)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("did not read back identically")
                .hasMessageNotContaining("SECRET");
        assertThat(file.load("default")).contains(TestLogins.login());
    }

    @Test
    void aProfileWithoutALoginHasNothingToMove() {
        assertThat(StoreMigration.move(file(), keychain(Integer.MAX_VALUE), "default", Duration.ofSeconds(5)))
                .isEqualTo(StoreMigration.Outcome.NOTHING_TO_MOVE);
    }

    @Test
    void theKeychainStoresRefreshLockIsTheFileStoresLockAcrossProcesses() throws Exception {
        try (StoreLock held = keychain(Integer.MAX_VALUE).lock("default", Duration.ofSeconds(5))) {
            ChildJvm.Result blocked = ChildJvm.run(env -> { }, "try-lock", service, home.toString(), "300");
            assertThat(blocked.line("failed ")).contains("StoreException");
        }
        ChildJvm.Result free = ChildJvm.run(env -> { }, "try-lock", service, home.toString(), "5000");
        assertThat(free.out()).contains("locked");
        assertThat(free.out()).doesNotContain("failed");
    }

    /** A store that loses a field: what a broken target would do. */
    private static final class LossyStore implements TokenStore {
        private final InMemoryTokenStore memory = new InMemoryTokenStore();

        @Override
        public String name() {
            return "lossy";
        }

        @Override
        public String location() {
            return "a lossy test store";
        }

        @Override
        public Optional<Credentials> load(String profile) {
            return memory.load(profile).map(c -> new Credentials(c.accessToken(), c.refreshToken(), null,
                    Instant.ofEpochMilli(c.expiresAt().toEpochMilli()), c.accountId(), c.extras()));
        }

        @Override
        public void save(String profile, Credentials credentials) {
            memory.save(profile, credentials);
        }

        @Override
        public boolean delete(String profile) {
            return memory.delete(profile);
        }

        @Override
        public StoreLock lock(String profile, Duration timeout) {
            return memory.lock(profile, timeout);
        }
    }
}
