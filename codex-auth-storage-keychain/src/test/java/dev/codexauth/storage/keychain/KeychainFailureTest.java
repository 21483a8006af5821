package dev.codexauth.storage.keychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.javakeyring.PasswordAccessException;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.InMemoryTokenStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How keychain failures reach the caller. A real keychain cannot be made to throw each of these on
 * demand, so a scripted backend stands in; the real daemon's hangs and locks are in {@link KeychainProcessTest}.
 */
class KeychainFailureTest {

    @TempDir
    Path home;

    /**
     * One connection to a keychain whose entries live in a shared map; a call can be made to block or to
     * throw, and a deletion to be refused. Like the real backend, once abandoned it refuses every call.
     */
    static final class ScriptedBackend implements SecretBackend {
        final Map<String, String> entries;
        final AtomicReference<CountDownLatch> blockReads;
        final AtomicReference<RuntimeException> failWrites;
        final AtomicBoolean refuseDeletes;
        final AtomicInteger abandoned;
        final AtomicInteger opened;
        private volatile boolean gaveUp;

        ScriptedBackend(Map<String, String> entries, AtomicReference<CountDownLatch> blockReads,
                AtomicReference<RuntimeException> failWrites, AtomicBoolean refuseDeletes, AtomicInteger abandoned,
                AtomicInteger opened) {
            this.entries = entries;
            this.blockReads = blockReads;
            this.failWrites = failWrites;
            this.refuseDeletes = refuseDeletes;
            this.abandoned = abandoned;
            this.opened = opened;
        }

        @Override
        public void open() {
            refuseIfAbandoned();
            opened.incrementAndGet();
        }

        private void refuseIfAbandoned() {
            if (gaveUp) {
                throw new StoreException("this connection was given up", null);
            }
        }

        @Override
        public String kind() {
            return "SCRIPTED";
        }

        @Override
        public Optional<String> read(String service, String account) throws Exception {
            refuseIfAbandoned();
            CountDownLatch gate = blockReads.get();
            if (gate != null) {
                gate.await();
            }
            return Optional.ofNullable(entries.get(service + "/" + account));
        }

        @Override
        public void write(String service, String account, String value) {
            refuseIfAbandoned();
            RuntimeException failure = failWrites.get();
            if (failure != null) {
                throw failure;
            }
            entries.put(service + "/" + account, value);
        }

        @Override
        public boolean delete(String service, String account) {
            refuseIfAbandoned();
            if (refuseDeletes.get()) {
                return false; // what java-keyring reports for "access denied" on macOS and Windows
            }
            return entries.remove(service + "/" + account) != null;
        }

        @Override
        public void abandon() {
            gaveUp = true;
            abandoned.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }

    /** The keychain every scripted connection shares, and how it behaves. */
    static final class Keychain {
        final Map<String, String> entries = new ConcurrentHashMap<>();
        final AtomicReference<CountDownLatch> blockReads = new AtomicReference<>();
        final AtomicReference<RuntimeException> failWrites = new AtomicReference<>();
        final AtomicBoolean refuseDeletes = new AtomicBoolean();
        final AtomicInteger abandoned = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();

        ScriptedBackend connect() {
            return new ScriptedBackend(entries, blockReads, failWrites, refuseDeletes, abandoned, opened);
        }
    }

    private final Keychain backend = new Keychain();

    private KeychainTokenStore open(Duration callTimeout) {
        return KeychainTokenStore.builder(TestLogins.settings(home)).service("scripted").callTimeout(callTimeout)
                .lockStore(new InMemoryTokenStore()).backends(backend::connect).open();
    }

    @Test
    void aCallThatBlocksFailsAfterTheTimeoutSayingWhatItWasDoing() {
        try (KeychainTokenStore store = open(Duration.ofMillis(200))) {
            CountDownLatch never = new CountDownLatch(1);
            backend.blockReads.set(never);

            assertThatThrownBy(() -> store.load("work"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("did not answer within 200 ms")
                    .hasMessageContaining("read the login of profile 'work'")
                    .hasMessageContaining("CODEX_AUTH_STORE=file")
                    .hasNoCause();
            assertThat(backend.abandoned).hasValue(1);
            never.countDown();
        }
    }

    @Test
    void afterATimeoutTheNextCallConnectsAFreshBackendAndWorks() {
        try (KeychainTokenStore store = open(Duration.ofMillis(200))) {
            CountDownLatch never = new CountDownLatch(1);
            backend.blockReads.set(never);
            assertThatThrownBy(() -> store.load("default")).isInstanceOf(StoreException.class);
            backend.blockReads.set(null);
            assertThat(backend.opened).hasValue(1);

            store.save("default", TestLogins.login());

            assertThat(store.load("default")).contains(TestLogins.login());
            assertThat(backend.opened).as("a fresh connection was opened").hasValue(2);
            never.countDown();
        }
    }

    @Test
    void aRefusedDeletionIsAnErrorNotNoLoginAndTheLoginStays() {
        try (KeychainTokenStore store = open(Duration.ofSeconds(5))) {
            store.save("default", TestLogins.login());
            backend.refuseDeletes.set(true);

            assertThatThrownBy(() -> store.delete("default"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("refused to delete the login of profile 'default'")
                    .hasMessageContaining("still there")
                    .hasMessageNotContaining("SECRET")
                    .hasNoCause();
            assertThat(store.load("default")).contains(TestLogins.login());
        }
    }

    @Test
    void theNullPointerExceptionOfALockedCollectionBecomesALockedKeychainError() {
        try (KeychainTokenStore store = open(Duration.ofSeconds(5))) {
            backend.failWrites.set(new NullPointerException());

            assertThatThrownBy(() -> store.save("default", TestLogins.login()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("locked or missing")
                    .hasMessageContaining("save the login of profile 'default'")
                    .hasNoCause();
        }
    }

    @Test
    void anyOtherFailureIsAStoreErrorThatNeverQuotesTheLibrarysMessage() {
        try (KeychainTokenStore store = open(Duration.ofSeconds(5))) {
            backend.failWrites.set(new IllegalStateException("could not store " + TestLogins.REFRESH));

            assertThatThrownBy(() -> store.save("default", TestLogins.login()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("IllegalStateException")
                    .hasMessageNotContaining("SECRET")
                    .hasNoCause();
        }
    }

    @Test
    void aRefusalFromTheKeychainSaysToCheckThatItIsUnlocked() {
        StoreException e = KeychainWorker.failure("save the login", new PasswordAccessException("denied " + TestLogins.ACCESS));

        assertThat(e).hasMessageContaining("refused to save the login").hasMessageNotContaining("SECRET").hasNoCause();
    }

    @Test
    void aStoreThatFailsItsProbeIsNotReturnedAndSaysWhy() {
        backend.failWrites.set(new NullPointerException());

        assertThatThrownBy(() -> open(Duration.ofSeconds(5)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("store a test entry");
    }

    @Test
    void aClosedStoreRefusesCallsAndClosingTwiceIsHarmless() {
        KeychainTokenStore store = open(Duration.ofSeconds(5));
        store.close();
        store.close();

        assertThatThrownBy(() -> store.load("default")).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }
}
