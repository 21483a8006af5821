package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.auth.DeviceCode;
import dev.codexauth.auth.Issuer.DeviceApproval;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.LoginException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpIssuerTest {

    private static final String REFRESH = "rt_SECRET-refresh-token";
    private static final String CODE = "ac_SECRET-code";
    private static final String VERIFIER = "SECRET-verifier-0123456789012345678901234567890123";

    private ScriptedIssuer server;
    private HttpTransport transport;
    private HttpIssuer issuer;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedIssuer();
        Settings settings = settings(server.url());
        transport = HttpTransport.create(settings);
        issuer = HttpIssuer.create(transport, settings);
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    static Settings settings(URI issuerUrl) {
        return Settings.builder(new Properties(), Map.of()).issuer(issuerUrl)
                .connectTimeout(Duration.ofSeconds(5)).firstByteTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void exchangesTheCodeWithAFormBodyInTheCodexCliOrder() {
        server.answer(200, "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"id_token\":\"it\",\"expires_in\":3600}");

        TokenResponse response = issuer.exchangeCode(CODE, VERIFIER, URI.create("http://localhost:1455/auth/callback"));

        assertThat(response).isEqualTo(new TokenResponse("at", "rt", "it", Duration.ofHours(1)));
        ScriptedIssuer.Request request = server.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/oauth/token");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("grant_type=authorization_code&client_id=app_EMoamEEZ73f0CkXaXp7hrann"
                + "&code=" + CODE + "&code_verifier=" + VERIFIER
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A1455%2Fauth%2Fcallback");
        assertThat(request.header("User-Agent")).isEqualTo("codex_cli_rs/" + Settings.DEFAULT_CLIENT_VERSION);
    }

    @Test
    void refreshesWithAJsonBodyAndNoScope() {
        server.answer(200, "{\"access_token\":\"at2\",\"expires_in\":\"60\"}");

        TokenResponse response = issuer.refresh(REFRESH);

        assertThat(response).isEqualTo(new TokenResponse("at2", null, null, Duration.ofSeconds(60)));
        assertThat(server.last().path()).isEqualTo("/oauth/token");
        assertThat(server.last().header("Content-Type")).isEqualTo("application/json");
        assertThat(server.last().body()).isEqualTo("{\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\","
                + "\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + REFRESH + "\"}");
    }

    @Test
    void revokesTheRefreshTokenWithAJsonBody() {
        server.answer(200, "{}");

        issuer.revoke(REFRESH);

        assertThat(server.last().path()).isEqualTo("/oauth/revoke");
        assertThat(server.last().header("Content-Type")).isEqualTo("application/json");
        assertThat(server.last().body()).isEqualTo("{\"token\":\"" + REFRESH
                + "\",\"token_type_hint\":\"refresh_token\",\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\"}");
    }

    @Test
    void aReusedRefreshTokenMeansSignInAgainWithTheIssuersCode() {
        server.answer(400, "{\"error\":{\"message\":\"Your refresh token has already been used to generate a new "
                + "access token. Please try signing in again.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"refresh_token_reused\"}}");

        assertThatThrownBy(() -> issuer.refresh(REFRESH))
                .isInstanceOfSatisfying(SignInRequiredException.class, e -> {
                    assertThat(e.code()).contains("refresh_token_reused");
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining("Sign in again");
    }

    @Test
    void readsTheErrorCodeFromAStringErrorOrATopLevelCode() {
        server.answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad\"}");
        server.answer(400, "{\"code\":\"refresh_token_expired\"}");
        server.answer(400, "{\"error\":{\"code\":\"refresh_token_invalidated\"}}");

        assertThatThrownBy(() -> issuer.refresh(REFRESH)).isInstanceOfSatisfying(SignInRequiredException.class,
                e -> assertThat(e.code()).contains("invalid_grant"));
        assertThatThrownBy(() -> issuer.refresh(REFRESH)).isInstanceOfSatisfying(SignInRequiredException.class,
                e -> assertThat(e.code()).contains("refresh_token_expired"));
        assertThatThrownBy(() -> issuer.refresh(REFRESH)).isInstanceOfSatisfying(SignInRequiredException.class,
                e -> assertThat(e.code()).contains("refresh_token_invalidated"));
    }

    @Test
    void anUnauthorizedRefreshWithoutABodyMeansSignInAgain() {
        server.answer(401, "");

        assertThatThrownBy(() -> issuer.refresh(REFRESH))
                .isInstanceOf(SignInRequiredException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("Sign in again");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void timeoutsRateLimitsAndServerErrorsAreTransient(int status) {
        server.answer(status, Map.of("Retry-After", "7"), "{\"error\":{\"code\":\"slow_down\"}}");

        assertThatThrownBy(() -> issuer.refresh(REFRESH))
                .isInstanceOfSatisfying(TransientException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                })
                .hasMessageContaining("HTTP " + status);
    }

    @Test
    void anUnreachableIssuerIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Settings settings = settings(URI.create("http://127.0.0.1:" + closedPort));
        try (HttpTransport other = HttpTransport.create(settings)) {
            assertThatThrownBy(() -> HttpIssuer.create(other, settings).refresh(REFRESH))
                    .isInstanceOf(TransientException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(REFRESH));
        }
    }

    @Test
    void anUnknownRefusalIsAProtocolError() {
        server.answer(400, "{\"error\":{\"code\":\"invalid_client\",\"message\":\"Unknown client.\"}}");

        assertThatThrownBy(() -> issuer.refresh(REFRESH))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("invalid_client")
                .hasMessageContaining("Unknown client.");
    }

    @Test
    void aSuccessThatIsNotJsonIsAProtocolErrorWithoutTheBody() {
        server.answer(200, "<html>SECRET-PAGE</html>");

        assertThatThrownBy(() -> issuer.refresh(REFRESH))
                .isInstanceOf(ProtocolException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }

    @Test
    void aCodeExchangeWithoutAnAccessOrRefreshTokenFailsClearly() {
        server.answer(200, "{\"access_token\":\"SECRET-at\",\"expires_in\":10}");
        server.answer(200, "{\"refresh_token\":\"SECRET-rt\"}");
        URI redirect = URI.create("http://localhost:1455/auth/callback");

        assertThatThrownBy(() -> issuer.exchangeCode(CODE, VERIFIER, redirect))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("no refresh token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
        assertThatThrownBy(() -> issuer.exchangeCode(CODE, VERIFIER, redirect))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("no access token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }

    @Test
    void aRefusedCodeExchangeIsALoginFailure() {
        server.answer(400, "{\"error\":\"invalid_grant\"}");

        assertThatThrownBy(() -> issuer.exchangeCode(CODE, VERIFIER, URI.create("http://localhost:1455/auth/callback")))
                .isInstanceOf(LoginException.class)
                .hasMessageContaining("Start the sign-in again");
    }

    @Test
    void anIssuerThatEchoesASecretIsNotQuoted() {
        server.answer(400, "{\"error\":{\"code\":\"bad_request\",\"message\":\"bad token " + REFRESH + "\"}}");
        server.answer(400, "{\"error\":{\"code\":\"bad_request\",\"message\":\"bad code " + CODE + "\"}}");
        server.answer(400, "{\"error\":{\"code\":\"bad\",\"message\":\"looks like eyJhbGciOi.eyJzdWIiOiIx.sig\"}}");
        server.answer(400, "{\"error\":{\"code\":\"" + REFRESH + " \"}}");

        assertThat(failure(() -> issuer.refresh(REFRESH)).getMessage()).doesNotContain("SECRET").contains("bad_request");
        assertThat(failure(() -> issuer.exchangeCode(CODE, VERIFIER, URI.create("http://localhost:1455/auth/callback")))
                .getMessage()).doesNotContain("SECRET");
        assertThat(failure(() -> issuer.refresh(REFRESH)).getMessage()).doesNotContain("eyJ");
        assertThat(failure(() -> issuer.refresh(REFRESH)).getMessage()).doesNotContain("SECRET");
    }

    @Test
    void startsADeviceSignInWithEitherUserCodeSpellingAndAStringInterval() {
        server.answer(200, "{\"device_auth_id\":\"dev-1\",\"user_code\":\"ABCD-EFGH\",\"interval\":\"3\"}");
        server.answer(200, "{\"device_auth_id\":\"dev-2\",\"usercode\":\"WXYZ-1234\",\"interval\":2}");

        DeviceCode first = issuer.requestDeviceCode();
        DeviceCode second = issuer.requestDeviceCode();

        assertThat(first).isEqualTo(new DeviceCode("dev-1", "ABCD-EFGH", Duration.ofSeconds(3),
                URI.create(server.url() + "/codex/device")));
        assertThat(second.userCode()).isEqualTo("WXYZ-1234");
        assertThat(second.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(server.requests().get(0).path()).isEqualTo("/api/accounts/deviceauth/usercode");
        assertThat(server.requests().get(0).header("Content-Type")).isEqualTo("application/json");
        assertThat(server.requests().get(0).body()).isEqualTo("{\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\"}");
    }

    @Test
    void aDeviceCodeRefusedWith404MeansDeviceSignInIsTurnedOff() {
        server.answer(404, "{\"error\":\"not_found\"}");

        assertThatThrownBy(() -> issuer.requestDeviceCode())
                .isInstanceOf(LoginException.class)
                .hasMessageContaining("ChatGPT settings → Security");
    }

    @Test
    void pollingIsPendingOn403And404AndYieldsTheCodeAndVerifierWhenApproved() {
        DeviceCode device = new DeviceCode("dev-1", "ABCD-EFGH", Duration.ofSeconds(1), URI.create("http://x/"));
        server.answer(403, "{\"error\":\"authorization_pending\"}");
        server.answer(404, "");
        server.answer(200, "{\"authorization_code\":\"" + CODE + "\",\"code_challenge\":\"ch\",\"code_verifier\":\""
                + VERIFIER + "\"}");

        assertThat(issuer.pollDeviceCode(device)).isEmpty();
        assertThat(issuer.pollDeviceCode(device)).isEmpty();
        Optional<DeviceApproval> approval = issuer.pollDeviceCode(device);

        assertThat(approval).contains(new DeviceApproval(CODE, VERIFIER));
        assertThat(approval.get().toString()).doesNotContain("SECRET");
        assertThat(server.last().path()).isEqualTo("/api/accounts/deviceauth/token");
        assertThat(server.last().body()).isEqualTo("{\"device_auth_id\":\"dev-1\",\"user_code\":\"ABCD-EFGH\"}");
    }

    @Test
    void anExpiredOrDeniedDeviceCodeEndsTheSignInClearly() {
        DeviceCode device = new DeviceCode("dev-1", "ABCD-EFGH", Duration.ofSeconds(1), URI.create("http://x/"));
        server.answer(400, "{\"error\":{\"code\":\"device_code_expired\",\"message\":\"expired\"}}");
        server.answer(400, "{\"error\":{\"code\":\"access_denied\"}}");

        assertThatThrownBy(() -> issuer.pollDeviceCode(device)).isInstanceOf(LoginException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> issuer.pollDeviceCode(device)).isInstanceOf(LoginException.class)
                .hasMessageContaining("denied");
    }

    private static CodexAuthException failure(Runnable call) {
        try {
            call.run();
        } catch (CodexAuthException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
