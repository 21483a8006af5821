package dev.codexauth.token;

import dev.codexauth.auth.DeviceCode;
import dev.codexauth.auth.Issuer;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An issuer in the test's memory that behaves like the real one where it matters here: refresh
 * tokens rotate and are single-use (a second use is {@code refresh_token_reused}), and every access
 * token is a JWT carrying its account id and {@code exp}. Failures can be scripted.
 */
final class FakeIssuer implements Issuer {

    static final Duration TTL = Duration.ofHours(1);

    private final Clock clock;
    private final Set<String> spent = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    final AtomicInteger refreshes = new AtomicInteger();
    final List<String> revoked = new CopyOnWriteArrayList<>();
    private final Deque<RuntimeException> scriptedFailures = new ArrayDeque<>();
    volatile RuntimeException revokeFailure;
    volatile String accountId = "acct-1";
    volatile CountDownLatch gate;
    /** The next refresh rotates the refresh token but answers an opaque access token with no lifetime. */
    volatile boolean nextAnswerUnusable;
    /** Runs at the start of every refresh call. */
    volatile Runnable onRefresh = () -> { };

    FakeIssuer(Clock clock) {
        this.clock = clock;
    }

    /** A login as a sign-in would produce it, expiring {@code ttl} from now. */
    Credentials signIn(Duration ttl) {
        int n = issued.incrementAndGet();
        Instant exp = clock.instant().plus(ttl);
        return new Credentials(jwt(accountId, exp, "access-" + n), "refresh-" + n, jwt(accountId, exp, "id-" + n),
                exp, accountId);
    }

    /** The next {@code times} refreshes fail with {@code failure}. */
    synchronized FakeIssuer failNext(int times, RuntimeException failure) {
        for (int i = 0; i < times; i++) {
            scriptedFailures.add(failure);
        }
        return this;
    }

    @Override
    public TokenResponse refresh(String refreshToken) {
        refreshes.incrementAndGet();
        onRefresh.run();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException failure;
        synchronized (this) {
            failure = scriptedFailures.poll();
        }
        if (failure != null) {
            throw failure;
        }
        if (!spent.add(refreshToken)) {
            throw new SignInRequiredException("Your refresh token has already been used. Sign in again.",
                    "refresh_token_reused");
        }
        int n = issued.incrementAndGet();
        if (nextAnswerUnusable) {
            nextAnswerUnusable = false;
            return new TokenResponse("opaque-access-" + n, "refresh-" + n, null, null);
        }
        Instant exp = clock.instant().plus(TTL);
        return new TokenResponse(jwt(accountId, exp, "access-" + n), "refresh-" + n, jwt(accountId, exp, "id-" + n), TTL);
    }

    @Override
    public void revoke(String refreshToken) {
        RuntimeException f = revokeFailure;
        if (f != null) {
            throw f;
        }
        revoked.add(refreshToken);
    }

    @Override
    public TokenResponse exchangeCode(String code, String codeVerifier, URI redirectUri) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeviceCode requestDeviceCode() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<DeviceApproval> pollDeviceCode(DeviceCode deviceCode) {
        throw new UnsupportedOperationException();
    }

    static TransientException networkDown() {
        return new TransientException("Could not reach the sign-in server.", null);
    }

    /** An unsigned JWT with the claims the library reads. */
    static String jwt(String accountId, Instant exp, String nonce) {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"exp\":" + exp.getEpochSecond() + ",\"jti\":\"" + nonce + "\","
                + "\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"" + accountId + "\"}}");
        return header + "." + payload + ".c2ln";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
