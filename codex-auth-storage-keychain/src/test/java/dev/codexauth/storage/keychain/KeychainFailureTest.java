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

    /** Keeps entries in a map; a call can be made to block or to throw. */
    static final class ScriptedBackend implements SecretBackend {
        final Map<String, String> entries = new ConcurrentHashMap<>();
        final AtomicReference<CountDownLatch> blockReads = new AtomicReference<>();
        final AtomicReference<RuntimeException> failWrites = new AtomicReference<>();
        final AtomicInteger abandoned = new AtomicInteger();

        @Override
        public void open() {
        }

        @Override
        public String kind() {
            return "SCRIPTED";
        }

        @Override
        public Optional<String> read(String service, String account) throws Exception {
            CountDownLatch gate = blockReads.get();
            if (gate != null) {
                gate.await();
            }
            return Optional.ofNullable(entries.get(service + "/" + account));
        }

        @Override
        public void write(String service, String account, String value) {
            RuntimeException failure = failWrites.get();
            if (failure != null) {
                throw failure;
            }
            entries.put(service + "/" + account, value);
        }

        @Override
        public boolean delete(String service, String account) {
            return entries.remove(service + "/" + account) != null;
        }

        @Override
        public void abandon() {
            abandoned.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedBackend backend = new ScriptedBackend();

    private KeychainTokenStore open(Duration callTimeout) {
        return KeychainTokenStore.builder(TestLogins.settings(home)).service("scripted").callTimeout(callTimeout)
                .lockStore(new InMemoryTokenStore()).backend(backend).open();
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
    void afterATimeoutTheNextCallGetsAFreshWorker() {
        try (KeychainTokenStore store = open(Duration.ofMillis(200))) {
            CountDownLatch never = new CountDownLatch(1);
            backend.blockReads.set(never);
            assertThatThrownBy(() -> store.load("default")).isInstanceOf(StoreException.class);
            backend.blockReads.set(null);

            store.save("default", TestLogins.login());

            assertThat(store.load("default")).contains(TestLogins.login());
            never.countDown();
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
