package dev.codexauth.token;

import dev.codexauth.auth.Issuer;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.StoreException;
import dev.codexauth.error.TransientException;
import dev.codexauth.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials of one profile, refreshed ahead of expiry with one refresh at a time per account,
 * across the threads of this process and, through {@link TokenStore#lock}, across processes.
 *
 * <p>Every request asks {@link #credentials()}. The token is in one of three states:
 * <ul>
 *   <li><b>fresh</b> (more than {@link Settings#refreshMargin()} before expiry): returned at once, with
 *       one volatile read and one comparison: no I/O, no lock, no allocation;</li>
 *   <li><b>stale</b> (inside the margin): returned at once, and one background refresh is started;</li>
 *   <li><b>expired</b>: the caller waits for the one refresh in flight.</li>
 * </ul>
 * However many threads ask, one refresh is in flight per instance; use one instance per profile in a
 * process. A refresh takes the store's lock, re-reads the store, and sends nothing when another process
 * has already saved newer tokens: refresh tokens are single-use, and spending one twice signs the user
 * out ({@code refresh_token_reused}). A lock not taken within {@link Settings#lockTimeout()} fails with a
 * {@link StoreException}; it is never skipped.
 *
 * <p><b>Failures.</b> A refresh the issuer refuses for good ({@link SignInRequiredException}) is not
 * retried, and this instance never sends that refresh token again. The stored login is <em>kept</em>:
 * deleting it would be irreversible while keeping it is harmless (it is never spent again here, and a
 * later sign-in replaces it), a refusal can be caused by something outside this process (another program
 * spending the token without our lock, a proxy answering 401) after which the store may soon hold working
 * tokens again, and as long as the access token has not expired it still works. When the store later
 * holds a different login (the user signed in again, here or elsewhere), it is picked up. Transient
 * failures (network, 408, 429, 5xx) are retried with bounded exponential backoff and jitter; a stale
 * token keeps being served meanwhile, and after a failed background refresh the next one waits a short
 * cool-down.
 *
 * <p>{@link CredentialsListener}s are told when the credentials this instance hands out change: after a
 * sign-in, a refresh, adopting tokens another process refreshed, and a logout ({@code null}). They are
 * called on the thread that made the change, after the store's lock is released.
 *
 * <p>Thread-safe.
 */
public final class RefreshingCredentials implements CredentialsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingCredentials.class);
    private static final Backoff DEFAULT_RETRIES = new Backoff(4, Duration.ofMillis(500), Duration.ofSeconds(8));

    private final TokenStore store;
    private final Issuer issuer;
    private final String profile;
    private final Clock clock;
    private final long marginMillis;
    private final Duration lockTimeout;
    private final Duration refreshWaitLimit;
    private final Duration failureCooldown;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Executor executor;
    private final List<CredentialsListener> listeners;

    /**
     * What is handed out now, with its precomputed deadlines; null until loaded, and after logout.
     * Written under the store's lock, except by the two writers that compare first ({@link #CURRENT}).
     */
    private volatile Snapshot current;
    private static final AtomicReferenceFieldUpdater<RefreshingCredentials, Snapshot> CURRENT =
            AtomicReferenceFieldUpdater.newUpdater(RefreshingCredentials.class, Snapshot.class, "current");
    /** The refresh token the issuer refused for good: never sent again by this instance. */
    private volatile String refusedRefreshToken;
    /** The refresh token this instance last spent; a store still holding it missed our save. Under the store's lock. */
    private volatile String spentRefreshToken;

    private final Object flightMonitor = new Object();
    /** The one refresh in flight, or null; guarded by {@link #flightMonitor}. */
    private CompletableFuture<Snapshot> flight;

    private RefreshingCredentials(Builder b) {
        store = b.store;
        issuer = b.issuer;
        profile = b.profile != null ? b.profile : b.settings.profile();
        clock = b.clock != null ? b.clock : b.settings.clock();
        marginMillis = b.settings.refreshMargin().toMillis();
        lockTimeout = b.settings.lockTimeout();
        refreshWaitLimit = b.refreshWaitLimit != null ? b.refreshWaitLimit
                : lockTimeout.plus(b.settings.connectTimeout().plus(b.settings.firstByteTimeout()).plus(b.backoff.max())
                        .multipliedBy(b.backoff.attempts()));
        failureCooldown = b.failureCooldown;
        backoff = b.backoff;
        sleeper = b.sleeper;
        jitter = b.jitter;
        executor = b.executor != null ? b.executor : RefreshingCredentials::startRefreshThread;
        listeners = List.copyOf(b.listeners);
    }

    /**
     * A builder over these settings (refresh margin, lock timeout, profile, clock), this store and this issuer.
     */
    public static Builder builder(Settings settings, TokenStore store, Issuer issuer) {
        return new Builder(settings, store, issuer);
    }

    /** The profile whose login this instance hands out. */
    public String profile() {
        return profile;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The fresh path reads one volatile field and the clock, and allocates nothing.
     *
     * @throws SignInRequiredException when there is no login or the issuer refused to refresh it
     * @throws StoreException when the store's refresh lock could not be taken in time, or the store failed
     * @throws TransientException when the token expired and the issuer could not be reached
     */
    @Override
    public Credentials credentials() {
        Snapshot s = current;
        if (s != null && clock.millis() < s.staleAtMillis) {
            return s.credentials;
        }
        return notFresh();
    }

    private Credentials notFresh() {
        Snapshot s = current;
        if (s == null) {
            s = loadFromStore();
        }
        long now = clock.millis();
        if (now < s.staleAtMillis) {
            return s.credentials;
        }
        if (now < s.expiresAtMillis) {
            startRefresh(s.credentials);
            return s.credentials;
        }
        return await(startRefresh(s.credentials)).credentials;
    }

    /**
     * {@inheritDoc}
     *
     * <p>When this instance already hands out other, unexpired credentials (another thread refreshed
     * meanwhile), they are returned without I/O. Otherwise the refresh under the store's lock re-reads
     * the store: newer tokens there (another process refreshed) are used as they are; else the rejected
     * login is refreshed once. The caller retries its request once with the result.
     */
    @Override
    public Credentials afterUnauthorized(Credentials rejected) {
        Objects.requireNonNull(rejected, "rejected");
        for (int round = 0; round < 2; round++) {
            Snapshot s = current;
            if (s != null && !sameAccessToken(s.credentials, rejected) && clock.millis() < s.expiresAtMillis) {
                return s.credentials;
            }
            // A flight already in the air (started for a stale token) may end with the rejected token
            // itself; then one more round starts a refresh of our own.
            Snapshot after = await(startRefresh(rejected));
            if (!sameAccessToken(after.credentials, rejected)) {
                return after.credentials;
            }
        }
        throw new SignInRequiredException("The backend refused the access token and no newer one could be had. "
                + "Sign in again.");
    }

    /**
     * Adopts a new login (from a sign-in): saves it under the store's lock, hands it out from now on, and
     * tells the listeners. Clears any earlier refusal.
     *
     * @throws StoreException when the lock cannot be taken in time or the store cannot save
     */
    public void signIn(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        try (StoreLock lock = store.lock(profile, lockTimeout)) {
            store.save(profile, credentials);
        }
        refusedRefreshToken = null;
        current = Snapshot.of(credentials, marginMillis, clock.millis(), true);
        tell(credentials);
    }

    /**
     * Signs out (SPEC §3): under the store's lock, revokes the newest refresh token at the issuer, then
     * deletes the stored login, even when the revocation failed; the result says what happened. Nothing
     * is handed out afterwards until the next {@link #signIn}.
     *
     * <p>When there is nothing to sign out of (nothing handed out here, and {@link TokenStore#contains}
     * says the store holds nothing for the profile), it returns at once and touches nothing: no lock is
     * taken, so no directory or lock file is created.
     *
     * <p>A stored record that cannot be read ({@link TokenStore#peek} fails asking to sign in again) has
     * no token to revoke: the revocation is {@linkplain LogoutResult.Revocation#SKIPPED_UNREADABLE skipped}
     * (unless this instance still holds a readable login, which is revoked) and the record is deleted all
     * the same. It is deleted rather than kept aside as a {@code .corrupt-*} copy: the user asked to sign
     * out, and a login that cannot be read cannot be used anyway, so keeping its tokens on disk would help
     * no one. Copies kept aside by earlier failed loads are not touched here.
     *
     * @throws StoreException when the lock cannot be taken in time, the store cannot be read for another
     *         reason than an unusable record, or the store cannot delete
     */
    public LogoutResult logout() {
        if (current == null && !store.contains(profile)) {
            return new LogoutResult(profile, LogoutResult.Revocation.NOTHING_TO_REVOKE, false, null);
        }
        LogoutResult result;
        try (StoreLock lock = store.lock(profile, lockTimeout)) {
            Credentials stored = null;
            String unreadable = null;
            try {
                stored = store.peek(profile).orElse(null);
            } catch (StoreException e) {
                if (e.recovery() != Recovery.SIGN_IN) {
                    throw e;
                }
                unreadable = e.getMessage();
            }
            Snapshot mine = current;
            Credentials newest = newer(stored, mine == null ? null : mine.credentials);
            LogoutResult.Revocation revocation = unreadable != null ? LogoutResult.Revocation.SKIPPED_UNREADABLE
                    : LogoutResult.Revocation.NOTHING_TO_REVOKE;
            String failure = unreadable;
            if (newest != null) {
                try {
                    issuer.revoke(newest.refreshToken());
                    revocation = LogoutResult.Revocation.REVOKED;
                    failure = null;
                } catch (CodexAuthException e) {
                    revocation = LogoutResult.Revocation.FAILED;
                    failure = e.getMessage();
                } catch (RuntimeException e) {
                    revocation = LogoutResult.Revocation.FAILED;
                    failure = "unexpected " + e.getClass().getSimpleName() + ".";
                }
            }
            boolean deleted = store.delete(profile);
            current = null;
            result = new LogoutResult(profile, revocation, deleted, failure);
        }
        if (result.revocation() == LogoutResult.Revocation.FAILED
                || result.revocation() == LogoutResult.Revocation.SKIPPED_UNREADABLE) {
            LOG.warn("Profile '{}': {}", profile, result.message());
        }
        tell(null);
        return result;
    }

    // --- the slow paths ---

    private Snapshot loadFromStore() {
        synchronized (flightMonitor) {
            Snapshot s = current;
            if (s != null) {
                return s;
            }
            Credentials stored = store.load(profile).orElseThrow(this::notSignedIn);
            s = Snapshot.of(stored, marginMillis, Long.MIN_VALUE, false);
            // A sign-in that landed while we read the store wins over what we read.
            if (CURRENT.compareAndSet(this, null, s)) {
                return s;
            }
            Snapshot winner = current;
            return winner != null ? winner : s;
        }
    }

    /** Starts the one refresh, or joins the one in flight. */
    private CompletableFuture<Snapshot> startRefresh(Credentials basis) {
        CompletableFuture<Snapshot> mine;
        synchronized (flightMonitor) {
            if (flight != null) {
                return flight;
            }
            // A caller that read the old token just before a flight landed needs no flight of its own.
            Snapshot now = current;
            if (now != null && !sameAccessToken(now.credentials, basis) && clock.millis() < now.expiresAtMillis) {
                return CompletableFuture.completedFuture(now);
            }
            mine = new CompletableFuture<>();
            flight = mine;
        }
        try {
            executor.execute(() -> fly(mine, basis));
        } catch (RejectedExecutionException e) {
            land(mine, null, new TransientException("The token refresh could not be started: its executor "
                    + "refused the task. Try again.", null));
        }
        return mine;
    }

    private void fly(CompletableFuture<Snapshot> mine, Credentials basis) {
        Snapshot result = null;
        Throwable failure = null;
        try {
            result = refreshUnderLock(basis);
        } catch (RuntimeException | Error e) {
            failure = e;
            coolDownAfter(basis, e);
        }
        land(mine, result, failure);
        if (result != null && result.changed) {
            tell(result.credentials);
        }
    }

    private void land(CompletableFuture<Snapshot> mine, Snapshot result, Throwable failure) {
        synchronized (flightMonitor) {
            if (flight == mine) {
                flight = null;
            }
        }
        if (failure == null) {
            mine.complete(result);
        } else {
            mine.completeExceptionally(failure);
        }
    }

    /**
     * Under the store's lock: re-read, and either adopt newer stored tokens or spend the refresh token once.
     * Returns the snapshot now handed out.
     */
    private Snapshot refreshUnderLock(Credentials basis) {
        try (StoreLock lock = store.lock(profile, lockTimeout)) {
            Credentials stored = store.load(profile).orElse(null);
            if (stored == null) {
                current = null;
                throw new SignInRequiredException("The login of profile '" + profile + "' is no longer in "
                        + store.location() + " (signed out elsewhere?). Sign in again.");
            }
            long now = clock.millis();
            Credentials candidate = newer(stored, basis);
            if (candidate.refreshToken().equals(spentRefreshToken) && !basis.refreshToken().equals(spentRefreshToken)) {
                // Our save of the successor failed (or only its refresh token could be kept): never respend.
                candidate = basis;
            }
            if (candidate == stored && !sameAccessToken(stored, basis) && now < stored.expiresAt().toEpochMilli()) {
                // Another process (or a sign-in) got here first: use its tokens, spend nothing.
                return publish(stored, Long.MIN_VALUE);
            }
            if (candidate.refreshToken().equals(refusedRefreshToken)) {
                throw refused(null);
            }
            TokenResponse response = sendRefresh(candidate.refreshToken());
            spentRefreshToken = candidate.refreshToken();
            // From here on the old refresh token is spent: nothing may lose the new one.
            Credentials renewed;
            try {
                // Present tokens replace, omitted ones are kept, and the account id is read again from the new tokens.
                renewed = response.applyTo(candidate, clock);
            } catch (RuntimeException unusable) {
                throw keepRefreshTokenOf(response, candidate, unusable);
            }
            saveSpentSafe(renewed);
            return publish(renewed, clock.millis());
        }
    }

    /**
     * The issuer rotated the refresh token but its answer cannot be used (no access token, or nothing
     * says when it expires). Keeps the new refresh token, with the old access token, in the store and
     * here, so that the next attempt spends the new one instead of the spent one (which would be
     * {@code refresh_token_reused}, and the end of the login).
     */
    private ProtocolException keepRefreshTokenOf(TokenResponse response, Credentials candidate, RuntimeException unusable) {
        if (response.refreshToken() != null) {
            Credentials kept = new Credentials(candidate.accessToken(), response.refreshToken(),
                    response.idToken() != null ? response.idToken() : candidate.idToken(), candidate.expiresAt(),
                    candidate.accountId(), candidate.extras());
            saveSpentSafe(kept);
            publish(kept, Long.MIN_VALUE);
        }
        String why = unusable instanceof CodexAuthException ? unusable.getMessage()
                : "unexpected " + unusable.getClass().getSimpleName() + ".";
        // A retry is honest now: it spends the refresh token that was just kept (or the unrotated old one).
        return new ProtocolException("The sign-in server renewed the login of profile '" + profile + "' but its answer "
                + "cannot be used: " + why + (response.refreshToken() != null ? " The new refresh token was kept;"
                : " It sent no new refresh token, so the current one stays;") + " try again.", Recovery.RETRY, null);
    }

    /** Saves after the old refresh token was spent: a failure of any kind keeps the new login in this process. */
    private void saveSpentSafe(Credentials renewed) {
        try {
            store.save(profile, renewed);
        } catch (RuntimeException e) {
            // The old refresh token is spent; dropping the new one would sign the user out. Keep it here.
            // An unknown exception's message may quote what was being written: name only its class.
            String why = e instanceof CodexAuthException ? e.getMessage() : "unexpected " + e.getClass().getSimpleName() + ".";
            LOG.warn("Refreshed the login of profile '{}' but could not save it to {}: {} It is used in this "
                    + "process; other processes will have to sign in again.", profile, store.location(), why);
        }
    }

    private TokenResponse sendRefresh(String refreshToken) {
        for (int attempt = 1; ; attempt++) {
            try {
                return issuer.refresh(refreshToken);
            } catch (SignInRequiredException e) {
                refusedRefreshToken = refreshToken;
                throw e;
            } catch (TransientException e) {
                if (attempt >= backoff.attempts()) {
                    throw e;
                }
                Duration delay = backoff.delayAfter(attempt, e, jitter);
                LOG.debug("Token refresh of profile '{}' failed ({}); attempt {} of {} in {} ms.", profile,
                        e.getMessage(), attempt + 1, backoff.attempts(), delay.toMillis());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            } catch (CodexAuthException e) {
                throw e;
            } catch (RuntimeException e) {
                // Not attached: an unknown exception's message may quote the request or answer.
                throw new ProtocolException("The token refresh failed unexpectedly (" + e.getClass().getSimpleName()
                        + "). Try again.", Recovery.RETRY, null);
            }
        }
    }

    /**
     * After a failed background refresh of a still-valid token, serve it a while before trying again.
     * Runs outside the store's lock, so it replaces the snapshot only if nothing else (a sign-in, a
     * logout) replaced it meanwhile.
     */
    private void coolDownAfter(Credentials basis, Throwable failure) {
        Snapshot s = current;
        if (s == null || !sameAccessToken(s.credentials, basis)) {
            return;
        }
        long now = clock.millis();
        if (now < s.expiresAtMillis) {
            long retryAt = Math.min(s.expiresAtMillis, saturatedAdd(now, failureCooldown.toMillis()));
            if (CURRENT.compareAndSet(this, s, new Snapshot(s.credentials, retryAt, s.expiresAtMillis, false))) {
                LOG.warn("Could not refresh the login of profile '{}' ahead of expiry: {} Using the current token until {}.",
                        profile, failure.getMessage(), s.credentials.expiresAt());
            }
        }
    }

    /** Hands out {@code c} from now on; the snapshot says whether that changed anything. */
    private Snapshot publish(Credentials c, long obtainedAtMillis) {
        Snapshot before = current;
        boolean changed = before == null || !sameAccessToken(before.credentials, c);
        Snapshot s = Snapshot.of(c, marginMillis, obtainedAtMillis, changed);
        current = s;
        return s;
    }

    private Snapshot await(CompletableFuture<Snapshot> f) {
        try {
            return f.get(refreshWaitLimit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ProtocolException("The token refresh failed unexpectedly. Try again.", Recovery.RETRY, null);
        } catch (TimeoutException e) {
            throw new TransientException("Waited " + refreshWaitLimit.toSeconds() + " s for the token refresh of profile '"
                    + profile + "' without an answer. Try again.", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("Interrupted while waiting for the token refresh of profile '" + profile + "'.", null);
        }
    }

    private void tell(Credentials now) {
        for (CredentialsListener listener : listeners) {
            try {
                listener.credentialsChanged(profile, now);
            } catch (RuntimeException e) {
                LOG.warn("A credentials listener ({}) failed: {}", listener.getClass().getName(), e.getClass().getName());
            }
        }
    }

    private SignInRequiredException notSignedIn() {
        return new SignInRequiredException("No ChatGPT sign-in is saved for profile '" + profile + "' in "
                + store.location() + ". Sign in first.");
    }

    private SignInRequiredException refused(String code) {
        return new SignInRequiredException("The sign-in server refused to renew the login of profile '" + profile
                + "'. Sign in again.", code);
    }

    /** The later-expiring of two logins (the first when they tie); either may be null. */
    private static Credentials newer(Credentials a, Credentials b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.expiresAt().isAfter(a.expiresAt()) ? b : a;
    }

    private static boolean sameAccessToken(Credentials a, Credentials b) {
        return a.accessToken().equals(b.accessToken());
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static void startRefreshThread(Runnable task) {
        Thread t = new Thread(task, "codex-auth-token-refresh");
        // Not a daemon: a program that exits while a background refresh has spent the old refresh
        // token but not yet saved the new one would lose the login. The refresh is bounded by timeouts.
        t.setDaemon(false);
        t.start();
    }

    /**
     * Credentials with the instants the hot path compares against, as epoch milliseconds.
     *
     * @param changed whether publishing this changed what is handed out (listeners are told)
     */
    private record Snapshot(Credentials credentials, long staleAtMillis, long expiresAtMillis, boolean changed) {

        /**
         * @param obtainedAtMillis when the issuer issued these tokens, or {@link Long#MIN_VALUE} when unknown.
         *        When known, a token whose whole life is shorter than the margin counts as fresh for
         *        the first half of its life, so short-lived tokens do not refresh without pause.
         */
        static Snapshot of(Credentials c, long marginMillis, long obtainedAtMillis, boolean changed) {
            long expires = c.expiresAt().toEpochMilli();
            long stale = expires - marginMillis;
            if (obtainedAtMillis != Long.MIN_VALUE) {
                stale = Math.max(stale, obtainedAtMillis + (expires - obtainedAtMillis) / 2);
            }
            return new Snapshot(c, stale, expires, changed);
        }
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Builds a {@link RefreshingCredentials}. Not thread-safe. */
    public static final class Builder {
        private final Settings settings;
        private final TokenStore store;
        private final Issuer issuer;
        private String profile;
        private Clock clock;
        private Executor executor;
        private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
        private Backoff backoff = DEFAULT_RETRIES;
        private Duration failureCooldown = Duration.ofSeconds(30);
        private Duration refreshWaitLimit;
        private final List<CredentialsListener> listeners = new ArrayList<>();

        private Builder(Settings settings, TokenStore store, Issuer issuer) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.store = Objects.requireNonNull(store, "store");
            this.issuer = Objects.requireNonNull(issuer, "issuer");
        }

        /** The profile to hand out; default {@link Settings#profile()}. */
        public Builder profile(String profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** The clock expiry is judged by; default {@link Settings#clock()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs refreshes; default a new thread per refresh (refreshes are rare), not a daemon, so the JVM
         * does not exit between spending a refresh token and saving its successor.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Waits between attempts of a transiently failing refresh; default {@link Thread#sleep}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The source of jitter, numbers in [0, 1); default a thread-local random. */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /**
         * How a transiently failing refresh is retried: {@code attempts} sends in all, waiting
         * exponentially from about {@code initial} up to at most {@code max}, with jitter.
         * Default 4 attempts, 0.5 s, 8 s.
         */
        public Builder retries(int attempts, Duration initial, Duration max) {
            this.backoff = new Backoff(attempts, initial, max);
            return this;
        }

        /** After a background refresh failed, how long the still-valid token is served before trying again. Default 30 s. */
        public Builder failureCooldown(Duration cooldown) {
            if (cooldown.isNegative()) {
                throw new IllegalArgumentException("failureCooldown must not be negative");
            }
            this.failureCooldown = cooldown;
            return this;
        }

        /**
         * How long a caller holding an expired token waits for the refresh before failing; default the
         * lock timeout plus every attempt's HTTP timeouts and backoff, so it only fires on a stuck refresh.
         */
        public Builder refreshWaitLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("refreshWaitLimit must be positive");
            }
            this.refreshWaitLimit = limit;
            return this;
        }

        /** Told whenever the handed-out credentials change. */
        public Builder listener(CredentialsListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public RefreshingCredentials build() {
            return new RefreshingCredentials(this);
        }
    }
}
