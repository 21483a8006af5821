package dev.codexauth.token;

import dev.codexauth.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.codex.ClientIdentity;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token lifecycle against the sandbox's real issuer, over HTTP. */
class RefreshingCredentialsSandboxTest {

    private static final int THREADS = 64;
    private static final int CALLS_EACH = 200;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private HttpTransport transport;
    private ExecutorService pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private RefreshingCredentials provider(Sandbox sandbox) {
        Settings settings = sandbox.settings().refreshMargin(Duration.ofMinutes(5)).clock(clock).build();
        transport = HttpTransport.create(settings);
        return RefreshingCredentials.builder(settings, store, HttpIssuer.create(transport, settings)).build();
    }

    @Test
    void sixtyFourThreadsSendOneRefreshWhenTheTokenExpiresMidRun(Sandbox sandbox) throws Exception {
        Credentials login = sandbox.mintCredentials();
        store.save("default", login);
        RefreshingCredentials credentials = provider(sandbox);
        pool = Executors.newFixedThreadPool(THREADS);
        // Half way through, every thread waits while the clock jumps past the token's expiry.
        CyclicBarrier halfway = new CyclicBarrier(THREADS, () -> clock.set(login.expiresAt().plusSeconds(1)));
        Set<String> handedOut = ConcurrentHashMap.newKeySet();

        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            results.add(pool.submit(() -> {
                int expiredHandedOut = 0;
                for (int i = 0; i < CALLS_EACH; i++) {
                    if (i == CALLS_EACH / 2) {
                        halfway.await();
                    }
                    Credentials c = credentials.credentials();
                    handedOut.add(c.refreshToken());
                    if (c.isExpired(clock.instant())) {
                        expiredHandedOut++;
                    }
                }
                return expiredHandedOut;
            }));
        }
        for (Future<Integer> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS)).as("expired tokens handed out").isZero();
        }

        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
        assertThat(handedOut).hasSize(2).contains(login.refreshToken());
        Credentials renewed = store.load("default").orElseThrow();
        assertThat(credentials.credentials()).isEqualTo(renewed);
        assertThat(renewed.accountId()).isEqualTo(sandbox.account().accountId());
    }

    @Test
    void afterTheBackendRejectsATokenOneRefreshGivesAWorkingOne(Sandbox sandbox) {
        Credentials login = sandbox.mintCredentials();
        store.save("default", login);
        RefreshingCredentials credentials = provider(sandbox);
        assertThat(credentials.credentials()).isEqualTo(login);

        sandbox.faults().arm(Endpoint.USAGE, Fault.unauthorized(), 1);
        assertThat(usageStatus(sandbox, login)).isEqualTo(401);

        Credentials retryWith = credentials.afterUnauthorized(login);

        assertThat(retryWith.accessToken()).isNotEqualTo(login.accessToken());
        assertThat(usageStatus(sandbox, retryWith)).isEqualTo(200);
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
    }

    private int usageStatus(Sandbox sandbox, Credentials c) {
        ClientIdentity identity = ClientIdentity.of(sandbox.settings().build());
        return transport.send(ClassicRequestBuilder.get(sandbox.backendUrl() + "/wham/usage")
                .addHeader("Authorization", "Bearer " + c.accessToken())
                .addHeader("ChatGPT-Account-ID", c.accountId())
                .addHeader("originator", identity.originator())
                .addHeader("User-Agent", identity.userAgent())
                .build()).status();
    }

    @Test
    void aRevokedLoginAsksToSignInAgainAndIsNotRetried(Sandbox sandbox) {
        Credentials login = sandbox.mintCredentials();
        store.save("default", login);
        RefreshingCredentials credentials = provider(sandbox);
        sandbox.revokeAllTokens();
        clock.set(login.expiresAt().plusSeconds(1));

        assertThatThrownBy(credentials::credentials).isInstanceOf(SignInRequiredException.class)
                .hasMessageContaining("Sign in");
        assertThatThrownBy(credentials::credentials).isInstanceOf(SignInRequiredException.class);

        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
        assertThat(store.load("default")).contains(login);
    }

    @Test
    void logoutRevokesAtTheIssuerAndDeletesTheLogin(Sandbox sandbox) {
        store.save("default", sandbox.mintCredentials());
        RefreshingCredentials credentials = provider(sandbox);

        LogoutResult result = credentials.logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.REVOKED);
        assertThat(result.deleted()).isTrue();
        assertThat(sandbox.journal().count(Endpoint.REVOKE)).isEqualTo(1);
        assertThat(store.load("default")).isEmpty();
    }
}
