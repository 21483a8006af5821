package dev.codexauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.StoreException;
import dev.codexauth.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshingCredentialsTest {

    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final String PROFILE = "default";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final FakeIssuer issuer = new FakeIssuer(clock);
    private final CountingStore store = new CountingStore();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final List<String> told = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private RefreshingCredentials.Builder builder() {
        Settings settings = Settings.builder(new Properties(), Map.of())
                .refreshMargin(MARGIN).lockTimeout(Duration.ofSeconds(5)).clock(clock).build();
        return RefreshingCredentials.builder(settings, store, issuer)
                .executor(background::add)
                .sleeper(sleeps::add)
                .jitter(() -> 0.5)
                .listener((profile, c) -> told.add(profile + ":" + (c == null ? "signed out" : c.refreshToken())));
    }

    private Credentials storedLogin(Duration ttl) {
        Credentials login = issuer.signIn(ttl);
        store.delegate.save(PROFILE, login);
        return login;
    }

    /** Refreshes on the calling thread; the clock has moved past the stored login's expiry, untouched till then. */
    private RefreshingCredentials inlineOnceTheLoginExpired() {
        RefreshingCredentials credentials = builder().executor(Runnable::run).build();
        clock.advance(Duration.ofHours(2));
        return credentials;
    }

    /** Refreshes on the calling thread; the stored login was handed out once, then the clock moved past its expiry. */
    private RefreshingCredentials inlineOnceTheLoginInUseExpired() {
        RefreshingCredentials credentials = builder().executor(Runnable::run).build();
        credentials.credentials();
        clock.advance(Duration.ofHours(2));
        return credentials;
    }

    private void runBackground() {
        Runnable r;
        while ((r = background.poll()) != null) {
            r.run();
        }
    }

    @Test
    void aFreshTokenIsHandedOutWithoutTouchingTheStoreOrTheIssuer() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().build();
        credentials.credentials();
        int loadsAfterFirst = store.loads.get();

        for (int i = 0; i < 1000; i++) {
            assertThat(credentials.credentials()).isSameAs(credentials.credentials()).isEqualTo(login);
        }

        assertThat(store.loads.get()).isEqualTo(loadsAfterFirst).isEqualTo(1);
        assertThat(store.locks.get()).isZero();
        assertThat(issuer.refreshes.get()).isZero();
        assertThat(background).isEmpty();
    }

    @Test
    void theStaleWindowStartsExactlyOneMarginBeforeExpiry() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().build();

        clock.set(login.expiresAt().minus(MARGIN).minusMillis(1));
        assertThat(credentials.credentials()).isEqualTo(login);
        assertThat(background).isEmpty();

        clock.set(login.expiresAt().minus(MARGIN));
        assertThat(credentials.credentials()).isEqualTo(login);
        assertThat(background).hasSize(1);
    }

    @Test
    void aStaleTokenIsHandedOutAtOnceWhileOneBackgroundRefreshRuns() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().build();
        clock.set(login.expiresAt().minus(Duration.ofMinutes(1)));

        for (int i = 0; i < 50; i++) {
            assertThat(credentials.credentials()).isEqualTo(login);
        }
        assertThat(background).hasSize(1);
        assertThat(issuer.refreshes.get()).isZero();

        runBackground();

        Credentials renewed = credentials.credentials();
        assertThat(renewed.refreshToken()).isNotEqualTo(login.refreshToken());
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(FakeIssuer.TTL));
        assertThat(store.delegate.load(PROFILE)).contains(renewed);
        assertThat(issuer.refreshes.get()).isEqualTo(1);
        assertThat(told).containsExactly(PROFILE + ":" + renewed.refreshToken());
    }

    @Test
    void anExpiredTokenWaitsForTheRefresh() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();

        Credentials renewed = credentials.credentials();

        assertThat(renewed.accessToken()).isNotEqualTo(login.accessToken());
        assertThat(renewed.isExpired(clock.instant())).isFalse();
        assertThat(issuer.refreshes.get()).isEqualTo(1);
    }

    @Test
    void theAccountIdIsReadAgainFromTheRefreshedTokens() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();
        issuer.accountId = "acct-moved";

        Credentials renewed = credentials.credentials();

        assertThat(login.accountId()).isEqualTo("acct-1");
        assertThat(renewed.accountId()).isEqualTo("acct-moved");
        assertThat(store.delegate.load(PROFILE).orElseThrow().accountId()).isEqualTo("acct-moved");
    }

    @Test
    void sixtyFourThreadsWithAnExpiredTokenShareOneRefresh() throws Exception {
        storedLogin(Duration.ofHours(1));
        pool = Executors.newFixedThreadPool(65);
        RefreshingCredentials credentials = builder().executor(pool).build();
        credentials.credentials();
        clock.advance(Duration.ofHours(2));
        issuer.gate = new CountDownLatch(1);
        CyclicBarrier start = new CyclicBarrier(64);

        List<Future<Credentials>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return credentials.credentials();
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (issuer.refreshes.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        issuer.gate.countDown();

        Credentials first = results.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Credentials> f : results) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(first);
        }
        assertThat(first.isExpired(clock.instant())).isFalse();
        assertThat(issuer.refreshes.get()).isEqualTo(1);
        // one flight in this process: the store's lock was taken once, not once per thread
        assertThat(store.locks.get()).isEqualTo(1);
    }

    @Test
    void newerTokensSavedByAnotherProcessAreUsedAndNothingIsSent() {
        storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = inlineOnceTheLoginInUseExpired();
        // Another process refreshed meanwhile and saved its new tokens.
        Credentials theirs = issuer.signIn(Duration.ofHours(1));
        store.delegate.save(PROFILE, theirs);

        assertThat(credentials.credentials()).isEqualTo(theirs);

        assertThat(issuer.refreshes.get()).isZero();
        assertThat(store.locks.get()).isEqualTo(1);
        assertThat(told).containsExactly(PROFILE + ":" + theirs.refreshToken());
    }

    @Test
    void theRefreshHoldsTheStoreLockWhileItReadsRefreshesAndSaves() {
        storedLogin(Duration.ofHours(1));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        TokenStore tracing = new TokenStore() {
            @Override public String name() { return "tracing"; }
            @Override public String location() { return "memory"; }
            @Override public java.util.Optional<Credentials> load(String p) { order.add("load"); return store.load(p); }
            @Override public void save(String p, Credentials c) { order.add("save"); store.save(p, c); }
            @Override public boolean delete(String p) { return store.delete(p); }
            @Override public StoreLock lock(String p, Duration t) {
                order.add("lock");
                StoreLock held = store.lock(p, t);
                return () -> { order.add("unlock"); held.close(); };
            }
        };
        Settings settings = Settings.builder(new Properties(), Map.of()).refreshMargin(MARGIN).clock(clock).build();
        RefreshingCredentials credentials = RefreshingCredentials.builder(settings, tracing, issuer)
                .executor(Runnable::run).build();
        credentials.credentials();
        order.clear();
        clock.advance(Duration.ofHours(2));

        credentials.credentials();

        assertThat(order).containsExactly("lock", "load", "save", "unlock");
        assertThat(issuer.refreshes.get()).isEqualTo(1);
    }

    @Test
    void aLockNotTakenInTimeFailsClearlyAndSendsNothing() {
        storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = inlineOnceTheLoginInUseExpired();
        store.lockStuck = true;

        assertThatThrownBy(credentials::credentials)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refresh lock");
        assertThat(issuer.refreshes.get()).isZero();
    }

    @Test
    void aRefusedRefreshAsksToSignInIsNeverSentAgainAndKeepsTheStoredLogin() {
        Credentials login = storedLogin(Duration.ofHours(1));
        issuer.failNext(1, new SignInRequiredException("The refresh token expired. Sign in again.", "refresh_token_expired"));
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();

        assertThatThrownBy(credentials::credentials)
                .isInstanceOfSatisfying(SignInRequiredException.class,
                        e -> assertThat(e.code()).contains("refresh_token_expired"))
                .hasMessageContaining("Sign in again");
        assertThatThrownBy(credentials::credentials).isInstanceOf(SignInRequiredException.class);

        assertThat(issuer.refreshes.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThat(store.delegate.load(PROFILE)).contains(login);
    }

    @Test
    void aSignInElsewhereAfterARefusalIsPickedUpFromTheStore() {
        storedLogin(Duration.ofHours(1));
        issuer.failNext(1, new SignInRequiredException("Sign in again.", "refresh_token_invalidated"));
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();
        assertThatThrownBy(credentials::credentials).isInstanceOf(SignInRequiredException.class);

        Credentials again = issuer.signIn(Duration.ofHours(1));
        store.delegate.save(PROFILE, again);

        assertThat(credentials.credentials()).isEqualTo(again);
        assertThat(issuer.refreshes.get()).isEqualTo(1);
    }

    @Test
    void transientFailuresAreRetriedWithGrowingJitteredWaits() {
        storedLogin(Duration.ofHours(1));
        issuer.failNext(3, FakeIssuer.networkDown());
        RefreshingCredentials credentials = builder().executor(Runnable::run)
                .retries(4, Duration.ofMillis(400), Duration.ofSeconds(1)).build();
        clock.advance(Duration.ofHours(2));

        Credentials renewed = credentials.credentials();

        assertThat(renewed.isExpired(clock.instant())).isFalse();
        assertThat(issuer.refreshes.get()).isEqualTo(4);
        // jitter 0.5 of the upper half: 300 of 400, 600 of 800, then capped at 1000 -> 750
        assertThat(sleeps).containsExactly(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(750));
    }

    @Test
    void transientFailuresGiveUpAfterTheLastAttemptAndLoseNothing() {
        Credentials login = storedLogin(Duration.ofHours(1));
        issuer.failNext(10, FakeIssuer.networkDown());
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();

        assertThatThrownBy(credentials::credentials).isInstanceOf(TransientException.class);

        assertThat(issuer.refreshes.get()).isEqualTo(4);
        assertThat(sleeps).hasSize(3).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(8)));
        assertThat(store.delegate.load(PROFILE)).contains(login);
    }

    @Test
    void aFailedBackgroundRefreshKeepsServingTheTokenAndWaitsBeforeTryingAgain() {
        Credentials login = storedLogin(Duration.ofHours(1));
        issuer.failNext(4, FakeIssuer.networkDown());
        RefreshingCredentials credentials = builder().failureCooldown(Duration.ofSeconds(30)).build();
        clock.set(login.expiresAt().minus(Duration.ofMinutes(4)));

        assertThat(credentials.credentials()).isEqualTo(login);
        runBackground();
        assertThat(issuer.refreshes.get()).isEqualTo(4);

        clock.advance(Duration.ofSeconds(29));
        assertThat(credentials.credentials()).isEqualTo(login);
        assertThat(background).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(credentials.credentials()).isEqualTo(login);
        runBackground();
        assertThat(issuer.refreshes.get()).isEqualTo(5);
        assertThat(credentials.credentials()).isNotEqualTo(login);
    }

    @Test
    void afterUnauthorizedUsesTokensAnotherProcessSavedWithoutRefreshing() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().executor(Runnable::run).build();
        assertThat(credentials.credentials()).isEqualTo(login);
        Credentials theirs = issuer.signIn(Duration.ofHours(1).plusMinutes(1));
        store.delegate.save(PROFILE, theirs);

        assertThat(credentials.afterUnauthorized(login)).isEqualTo(theirs);
        assertThat(issuer.refreshes.get()).isZero();
    }

    @Test
    void afterUnauthorizedRefreshesOnceWhenTheStoreHasNothingNewer() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().executor(Runnable::run).build();
        credentials.credentials();

        Credentials retryWith = credentials.afterUnauthorized(login);

        assertThat(retryWith.accessToken()).isNotEqualTo(login.accessToken());
        assertThat(issuer.refreshes.get()).isEqualTo(1);
        assertThat(credentials.credentials()).isEqualTo(retryWith);
        assertThat(store.delegate.load(PROFILE)).contains(retryWith);
    }

    @Test
    void afterUnauthorizedWithAnAlreadyReplacedTokenHandsOutTheCurrentOneWithoutIo() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().executor(Runnable::run).build();
        credentials.credentials();
        Credentials renewed = credentials.afterUnauthorized(login);
        int locks = store.locks.get();

        assertThat(credentials.afterUnauthorized(login)).isEqualTo(renewed);

        assertThat(store.locks.get()).isEqualTo(locks);
        assertThat(issuer.refreshes.get()).isEqualTo(1);
    }

    @Test
    void withoutALoginTheCallerIsToldToSignIn() {
        RefreshingCredentials credentials = builder().build();

        assertThatThrownBy(credentials::credentials)
                .isInstanceOf(SignInRequiredException.class)
                .hasMessageContaining("'default'")
                .hasMessageContaining("Sign in");
    }

    @Test
    void signInSavesUsesAndTellsTheListeners() {
        RefreshingCredentials credentials = builder().build();
        Credentials login = issuer.signIn(Duration.ofHours(1));

        credentials.signIn(login);

        assertThat(credentials.credentials()).isEqualTo(login);
        assertThat(store.delegate.load(PROFILE)).contains(login);
        assertThat(told).containsExactly(PROFILE + ":" + login.refreshToken());
    }

    @Test
    void aFailingListenerDoesNotSpoilTheRefresh() {
        storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().executor(Runnable::run)
                .listener((profile, c) -> { throw new IllegalStateException("listener broke"); })
                .build();
        clock.advance(Duration.ofHours(2));

        Credentials renewed = credentials.credentials();

        assertThat(renewed.isExpired(clock.instant())).isFalse();
        assertThat(told).containsExactly(PROFILE + ":" + renewed.refreshToken());
    }

    @Test
    void logoutRevokesTheRefreshTokenThenDeletesTheLogin() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().build();
        credentials.credentials();

        LogoutResult result = credentials.logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.REVOKED);
        assertThat(result.deleted()).isTrue();
        assertThat(issuer.revoked).containsExactly(login.refreshToken());
        assertThat(store.delegate.load(PROFILE)).isEmpty();
        assertThat(told).containsExactly(PROFILE + ":signed out");
        assertThatThrownBy(credentials::credentials).isInstanceOf(SignInRequiredException.class);
    }

    @Test
    void aFailedRevokeStillDeletesAndSaysSo() {
        storedLogin(Duration.ofHours(1));
        issuer.revokeFailure = FakeIssuer.networkDown();
        RefreshingCredentials credentials = builder().build();

        LogoutResult result = credentials.logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.FAILED);
        assertThat(result.deleted()).isTrue();
        assertThat(result.failure()).contains("Could not reach the sign-in server.");
        assertThat(result.message()).contains("did not confirm the revocation").contains("login deleted");
        assertThat(store.delegate.load(PROFILE)).isEmpty();
    }

    @Test
    void logoutWithoutALoginHasNothingToRevoke() {
        LogoutResult result = builder().build().logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.NOTHING_TO_REVOKE);
        assertThat(result.deleted()).isFalse();
        assertThat(issuer.revoked).isEmpty();
    }

    @Test
    void aRefreshedLoginThatCannotBeSavedIsStillUsedSoTheSpentTokenLosesNothing() {
        checkTheRefreshedLoginOutlivesASaveFailingWith(new StoreException("The disk is full.", null));
    }

    /** A login refreshed while saving fails with {@code failure} is used, and is the one the next refresh spends. */
    private void checkTheRefreshedLoginOutlivesASaveFailingWith(RuntimeException failure) {
        storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = inlineOnceTheLoginInUseExpired();
        store.saveFailure = failure;

        Credentials renewed = credentials.credentials();

        assertThat(renewed.isExpired(clock.instant())).isFalse();
        // The next refresh spends the new refresh token, not the stored (spent) one.
        clock.advance(Duration.ofHours(2));
        assertThat(credentials.credentials().isExpired(clock.instant())).isFalse();
        assertThat(issuer.refreshes.get()).isEqualTo(2);
    }

    @Test
    void aRefreshAnswerThatCannotBeUsedStillKeepsTheRotatedRefreshToken() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();
        issuer.nextAnswerUnusable = true;

        assertThatThrownBy(credentials::credentials)
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.recovery()).isEqualTo(Recovery.RETRY))
                .hasMessageContaining("The new refresh token was kept")
                .hasMessageNotContaining("refresh-2");
        Credentials kept = store.delegate.load(PROFILE).orElseThrow();
        assertThat(kept.refreshToken()).isNotEqualTo(login.refreshToken()).isEqualTo("refresh-2");

        // The retry spends the kept token: no refresh_token_reused, the login lives on.
        Credentials renewed = credentials.credentials();
        assertThat(renewed.isExpired(clock.instant())).isFalse();
        assertThat(issuer.refreshes.get()).isEqualTo(2);
        assertThat(store.delegate.load(PROFILE)).contains(renewed);
    }

    @Test
    void aRotatedRefreshTokenSurvivesInThisProcessWhenTheAnswerIsUnusableAndTheStoreFails() {
        storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();
        issuer.nextAnswerUnusable = true;
        store.saveFailure = new IllegalStateException("not a StoreException");

        assertThatThrownBy(credentials::credentials).isInstanceOf(ProtocolException.class);

        assertThat(credentials.credentials().isExpired(clock.instant())).isFalse();
        assertThat(issuer.refreshes.get()).isEqualTo(2);
    }

    @Test
    void aSaveFailingWithAnyExceptionStillKeepsTheRefreshedLoginInThisProcess() {
        checkTheRefreshedLoginOutlivesASaveFailingWith(new java.io.UncheckedIOException(new java.io.IOException("disk gone")));
    }

    @Test
    void aCoolDownAfterAFailedBackgroundRefreshNeverOverwritesASignInThatLandedMeanwhile() {
        Credentials login = storedLogin(Duration.ofHours(1));
        Credentials fresh = issuer.signIn(Duration.ofHours(2));
        RefreshingCredentials credentials = builder().retries(1, Duration.ofMillis(1), Duration.ofMillis(1)).build();
        clock.set(login.expiresAt().minus(Duration.ofMinutes(4)));
        assertThat(credentials.credentials()).isEqualTo(login);
        // The refresh fails; the next clock read is the cool-down's, between reading and replacing what
        // is handed out, and that is exactly when a sign-in (on another thread in real life) lands.
        issuer.failNext(1, FakeIssuer.networkDown());
        issuer.onRefresh = () -> clock.onNextRead(() -> credentials.signIn(fresh));

        runBackground();

        assertThat(credentials.credentials()).isEqualTo(fresh);
        assertThat(store.delegate.load(PROFILE)).contains(fresh);
    }

    @Test
    void logoutWithoutALoginTakesNoLockAndTouchesNothing() {
        LogoutResult result = builder().build().logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.NOTHING_TO_REVOKE);
        assertThat(store.locks.get()).isZero();
        assertThat(told).isEmpty();
    }

    @Test
    void logoutOfAnUnreadableLoginSkipsTheRevokeDeletesItAndKeepsNoCopy() {
        storedLogin(Duration.ofHours(1));
        store.unreadable = true;

        LogoutResult result = builder().build().logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.SKIPPED_UNREADABLE);
        assertThat(result.deleted()).isTrue();
        assertThat(result.failure()).contains("The stored login is not JSON.");
        assertThat(result.message()).contains("without revoking it").contains("login deleted");
        assertThat(issuer.revoked).isEmpty();
        assertThat(store.keptAside.get()).isZero();
        assertThat(store.delegate.load(PROFILE)).isEmpty();
        assertThat(told).containsExactly(PROFILE + ":signed out");
    }

    @Test
    void logoutOfAnUnreadableLoginStillRevokesTheTokenThisProcessHolds() {
        Credentials login = storedLogin(Duration.ofHours(1));
        RefreshingCredentials credentials = builder().build();
        credentials.credentials();
        store.unreadable = true;

        LogoutResult result = credentials.logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.REVOKED);
        assertThat(issuer.revoked).containsExactly(login.refreshToken());
        assertThat(store.delegate.load(PROFILE)).isEmpty();
    }

    @Test
    void logoutFailsAndDeletesNothingWhenTheStoreCannotBeReadForAnotherReason() {
        storedLogin(Duration.ofHours(1));
        TokenStore locked = new TokenStore() {
            @Override public String name() { return "locked"; }
            @Override public String location() { return "a locked keychain"; }
            @Override public java.util.Optional<Credentials> load(String p) {
                throw new StoreException("The keychain is locked. Unlock it and try again.", null);
            }
            @Override public void save(String p, Credentials c) { store.save(p, c); }
            @Override public boolean delete(String p) { return store.delete(p); }
            @Override public StoreLock lock(String p, Duration t) { return store.lock(p, t); }
        };
        Settings settings = Settings.builder(new Properties(), Map.of()).clock(clock).build();

        assertThatThrownBy(() -> RefreshingCredentials.builder(settings, locked, issuer).build().logout())
                .isInstanceOf(StoreException.class).hasMessageContaining("locked");
        assertThat(store.delegate.load(PROFILE)).isPresent();
    }

    @Test
    void tokensLivingShorterThanTheMarginAreNotRefreshedWithoutPause() {
        RefreshingCredentials credentials = builder().build();
        Credentials shortLived = issuer.signIn(Duration.ofMinutes(2));
        credentials.signIn(shortLived);

        clock.advance(Duration.ofSeconds(59));
        credentials.credentials();
        assertThat(background).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        credentials.credentials();
        assertThat(background).hasSize(1);
    }

    @Test
    void noFailureMessageContainsAToken() {
        Credentials login = storedLogin(Duration.ofHours(1));
        issuer.failNext(1, new SignInRequiredException("Sign in again.", "refresh_token_reused"));
        RefreshingCredentials credentials = inlineOnceTheLoginExpired();

        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try {
                credentials.credentials();
            } catch (RuntimeException e) {
                messages.add(String.valueOf(e.getMessage()));
            }
        }

        assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m)
                .doesNotContain(login.accessToken(), login.refreshToken(), login.idToken()));
    }

    @Test
    void theFreshPathAllocatesNothing() {
        storedLogin(Duration.ofDays(7));
        Settings settings = Settings.builder(new Properties(), Map.of()).build();
        RefreshingCredentials credentials = RefreshingCredentials.builder(settings, store, issuer).build();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 200_000; i++) {
            credentials.credentials();
        }

        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000_000; i++) {
            credentials.credentials();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        // A single Instant per call would be 24 MB; the allowance covers the measurement itself.
        assertThat(allocated).isLessThan(4096);
    }
}
