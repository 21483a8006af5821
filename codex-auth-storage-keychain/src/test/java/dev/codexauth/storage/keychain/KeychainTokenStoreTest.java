package dev.codexauth.storage.keychain;

import static dev.codexauth.storage.keychain.TestLogins.ACCESS;
import static dev.codexauth.storage.keychain.TestLogins.ID;
import static dev.codexauth.storage.keychain.TestLogins.REFRESH;
import static dev.codexauth.storage.keychain.TestLogins.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.InMemoryTokenStore;
import dev.codexauth.token.StoreLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Secret Service of the test session (gnome-keyring, unlocked; see scripts/test). */
class KeychainTokenStoreTest {

    @TempDir
    Path home;

    private final String service = TestLogins.uniqueService();
    private final JavaKeyringBackend raw = new JavaKeyringBackend(Platform.current());
    private KeychainTokenStore store;

    @BeforeEach
    void openRawKeychain() throws Exception {
        raw.open();
    }

    @AfterEach
    void closeEverything() throws Exception {
        if (store != null) {
            for (String profile : new String[] {"default", "work"}) {
                store.delete(profile);
            }
            store.close();
        }
        raw.close();
    }

    private KeychainTokenStore open(int entryLimit) {
        store = KeychainTokenStore.builder(TestLogins.settings(home)).service(service).entryLimit(entryLimit)
                .lockStore(new InMemoryTokenStore()).open();
        return store;
    }

    private KeychainTokenStore open() {
        return open(Integer.MAX_VALUE);
    }

    @Test
    void aSavedLoginLoadsBackWithEveryField() {
        open().save("default", login());

        Credentials loaded = store.load("default").orElseThrow();

        assertThat(loaded).isEqualTo(login());
        assertThat(loaded.extras()).containsEntry("note", "kept").containsEntry("nested", Map.of("n", 1));
    }

    @Test
    void aProfileWithoutALoginLoadsAsEmpty() {
        assertThat(open().load("default")).isEmpty();
        assertThat(store.delete("default")).isFalse();
    }

    @Test
    void savingAgainReplacesTheLogin() {
        open().save("default", login());
        Credentials refreshed = new Credentials("new-access", "new-refresh", null, Instant.ofEpochMilli(5), "acct-1");

        store.save("default", refreshed);

        assertThat(store.load("default")).contains(refreshed);
    }

    @Test
    void deleteRemovesTheLoginAndSaysWhetherThereWasOne() throws Exception {
        open().save("default", login());

        assertThat(store.delete("default")).isTrue();

        assertThat(store.load("default")).isEmpty();
        assertThat(raw.read(service, store.account("default"))).isEmpty();
        assertThat(store.delete("default")).isFalse();
    }

    @Test
    void profilesAreKeptApart() {
        open().save("default", login());
        Credentials work = new Credentials("w-access", "w-refresh", null, Instant.ofEpochMilli(7), "acct-w");
        store.save("work", work);

        assertThat(store.load("default")).contains(login());
        assertThat(store.load("work")).contains(work);
    }

    @Test
    void theEntryHoldsTheCompactOpenCodeRecordUnderTheCodexCliAccountName() throws Exception {
        open().save("default", login());
        String hash = KeychainNames.sha256Hex(home.toAbsolutePath().normalize().toString()).substring(0, 16);

        assertThat(store.account("default")).isEqualTo("cli|" + hash);
        String entry = raw.read(service, "cli|" + hash).orElseThrow();
        assertThat(entry).doesNotContain(" ").doesNotContain("\n");
        assertThat(new ObjectMapper().readTree(entry)).isEqualTo(new ObjectMapper().readTree(
                "{\"type\":\"oauth\",\"access\":\"" + ACCESS + "\",\"refresh\":\"" + REFRESH + "\",\"expires\":1767000000123,"
                        + "\"accountId\":\"acct-1\",\"idToken\":\"" + ID + "\",\"note\":\"kept\",\"nested\":{\"n\":1}}"));
    }

    @Test
    void otherProfilesAppendTheirName() {
        String base = open().account("default");

        assertThat(store.account("work")).isEqualTo(base + "|work");
    }

    @Test
    void profileNamesFollowTheOneRuleOfEveryStoreAndABadOneTouchesNothing() throws Exception {
        open();
        for (String bad : new String[] {"Work", "dév|part", "a b", "", "-x", "x".repeat(65)}) {
            assertThatThrownBy(() -> store.save(bad, login())).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("profile name");
            assertThatThrownBy(() -> store.load(bad)).as(bad).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> store.lock(bad, Duration.ofSeconds(1))).as(bad).isInstanceOf(ConfigurationException.class);
        }
        assertThat(SecretItems.of(service)).isZero();
    }

    @Test
    void theDefaultServiceIsOurOwnAsciiNameNotTheCodexClis() {
        assertThat(KeychainTokenStore.DEFAULT_SERVICE).isEqualTo("Codex Auth for Java").isNotEqualTo("Codex Auth")
                .matches("\\p{ASCII}+");
    }

    @Test
    void theCodexClisOwnEntryForTheSameHomeIsNeverTouched() throws Exception {
        String account = KeychainNames.account(home, "default");
        raw.write("Codex Auth", account, "the Codex CLI's own record");
        try {
            store = KeychainTokenStore.builder(TestLogins.settings(home)).lockStore(new InMemoryTokenStore()).open();
            assertThat(store.service()).isEqualTo(KeychainTokenStore.DEFAULT_SERVICE);
            assertThat(store.account("default")).isEqualTo(account);

            assertThat(store.load("default")).isEmpty();
            store.save("default", login());
            assertThat(raw.read("Codex Auth", account)).contains("the Codex CLI's own record");
            assertThat(store.delete("default")).isTrue();
            assertThat(raw.read("Codex Auth", account)).contains("the Codex CLI's own record");
        } finally {
            raw.delete("Codex Auth", account);
        }
    }

    @Test
    void theServiceComesFromTheSettings() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("codex.auth.keychain.service", service);
        Settings settings = Settings.builder(properties, Map.of()).home(home).build();

        store = KeychainTokenStore.builder(settings).lockStore(new InMemoryTokenStore()).open();
        store.save("default", login());

        assertThat(store.service()).isEqualTo(service);
        assertThat(raw.read(service, store.account("default"))).isPresent();
    }

    @Test
    void saveAndDeleteWaitForTheProfilesLockAndTouchNothingWithoutIt() throws Exception {
        InMemoryTokenStore locks = new InMemoryTokenStore();
        Settings settings = TestLogins.settings(home).toBuilder().lockTimeout(Duration.ofMillis(200)).build();
        store = KeychainTokenStore.builder(settings).service(service).lockStore(locks).open();
        store.save("work", login());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (StoreLock lock = locks.lock("work", Duration.ofSeconds(5))) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        try {
            held.await();
            Credentials other = new Credentials("other-access", "other-refresh", null, Instant.ofEpochMilli(9), "acct-9");

            assertThatThrownBy(() -> store.save("work", other)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("Timed out");
            assertThatThrownBy(() -> store.delete("work")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("Timed out");
            assertThat(store.load("work")).contains(login());
        } finally {
            release.countDown();
            holder.join();
        }
        store.save("work", login());
        assertThat(store.delete("work")).isTrue();
    }

    @Test
    void aTenKilobyteLoginRoundTripsWithTheDefaultLimit() {
        Credentials big = TestLogins.largeLogin(10_000);

        open().save("default", big);

        assertThat(store.load("default")).contains(big);
    }

    @Test
    void aLoginLargerThanTheEntryLimitIsSplitIntoSmallEntriesAndJoinedBack() throws Exception {
        Credentials big = TestLogins.largeLogin(10_000);

        open(64).save("default", big);

        assertThat(store.load("default")).contains(big);
        String head = raw.read(service, store.account("default")).orElseThrow();
        SplitHead split = SplitHead.parse(head).orElseThrow();
        assertThat(head.length()).isLessThanOrEqualTo(64);
        assertThat(split.parts()).isGreaterThan(10_000 / 64);
        for (int i = 0; i < split.parts(); i++) {
            assertThat(raw.read(service, KeychainNames.part(store.account("default"), split.generation(), i)).orElseThrow())
                    .hasSizeLessThanOrEqualTo(64);
        }
    }

    @Test
    void replacingOrDeletingASplitLoginRemovesItsOldParts() throws Exception {
        open(64).save("default", TestLogins.largeLogin(2_000));
        SplitHead first = SplitHead.parse(raw.read(service, store.account("default")).orElseThrow()).orElseThrow();

        store.save("default", TestLogins.largeLogin(3_000));
        SplitHead second = SplitHead.parse(raw.read(service, store.account("default")).orElseThrow()).orElseThrow();

        assertThat(second.generation()).isNotEqualTo(first.generation());
        assertThat(raw.read(service, KeychainNames.part(store.account("default"), first.generation(), 0))).isEmpty();
        assertThat(store.load("default")).contains(TestLogins.largeLogin(3_000));

        store.delete("default");
        assertThat(raw.read(service, KeychainNames.part(store.account("default"), second.generation(), 0))).isEmpty();
        assertThat(raw.read(service, KeychainNames.part(store.account("default"), second.generation(), second.parts() - 1))).isEmpty();
    }

    @Test
    void aSmallLoginAfterASplitOneIsStoredAsOneEntry() throws Exception {
        open(400).save("default", TestLogins.largeLogin(2_000));
        SplitHead old = SplitHead.parse(raw.read(service, store.account("default")).orElseThrow()).orElseThrow();
        Credentials small = new Credentials("a", "r", null, Instant.ofEpochMilli(1), null);

        store.save("default", small);

        assertThat(raw.read(service, store.account("default")).orElseThrow()).startsWith("{");
        assertThat(raw.read(service, KeychainNames.part(store.account("default"), old.generation(), 0))).isEmpty();
        assertThat(store.load("default")).contains(small);
    }

    @Test
    void charactersOutsideTheBasicPlaneSurviveSplitting() {
        String emoji = "\uD83D\uDD11";
        Credentials login = new Credentials(ACCESS, REFRESH, null, Instant.ofEpochMilli(1), "acct",
                Map.of("label", "a" + emoji.repeat(200)));

        open(64).save("default", login);

        assertThat(store.load("default")).contains(login);
    }

    @Test
    void aMissingPartIsAClearErrorAskingToSignInAgain() throws Exception {
        open(64).save("default", TestLogins.largeLogin(500));
        SplitHead head = SplitHead.parse(raw.read(service, store.account("default")).orElseThrow()).orElseThrow();
        raw.delete(service, KeychainNames.part(store.account("default"), head.generation(), 1));

        assertThatThrownBy(() -> store.load("default"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.recovery()).isEqualTo(Recovery.SIGN_IN))
                .hasMessageContaining("incomplete")
                .hasMessageContaining("Sign in again");
    }

    @Test
    void aCorruptEntryIsAClearErrorThatQuotesNothingOfIt() throws Exception {
        open();
        raw.write(service, store.account("default"), "{\"type\":\"oauth\",\"access\":\"" + ACCESS + "\",\"refresh\":");

        assertThatThrownBy(() -> store.load("default"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageNotContaining("SECRET")
                .hasNoCause();
    }

    @Test
    void noTokenAppearsInToStringOrLocation() {
        open().save("default", login());

        assertThat(store.toString()).doesNotContain("SECRET").contains(service);
        assertThat(store.location()).doesNotContain("SECRET").contains("GNOME_KEYRING");
        assertThat(store.load("default").orElseThrow().toString()).doesNotContain("SECRET");
    }

    @Test
    void anEntryLimitTooSmallForTheHeadIsRefused() {
        Settings settings = TestLogins.settings(home);
        assertThatThrownBy(() -> KeychainTokenStore.builder(settings).service(service).entryLimit(10).open())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 64");
    }

    @Test
    void theProbeLeavesNoEntryBehind() throws Exception {
        open();

        assertThat(SecretItems.of(service)).isZero();
    }

    @Test
    void deletingASplitLoginLeavesNoEntryOfTheServiceBehind() throws Exception {
        open(64).save("default", TestLogins.largeLogin(3_000));
        store.save("default", TestLogins.largeLogin(2_000));
        assertThat(SecretItems.of(service)).isGreaterThan(2_000 / 64);

        store.delete("default");

        assertThat(SecretItems.of(service)).isZero();
    }
}
