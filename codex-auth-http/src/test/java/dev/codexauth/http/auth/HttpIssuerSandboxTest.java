package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.auth.TokenResponse;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.JournalEntry;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.Credentials;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The issuer client against the sandbox's issuer, which rotates refresh tokens and detects reuse. */
class HttpIssuerSandboxTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create();

    private HttpTransport transport;
    private HttpIssuer issuer;

    @BeforeEach
    void setUp(Sandbox sandbox) {
        transport = HttpTransport.create(sandbox.settings().build());
        issuer = HttpIssuer.create(transport, sandbox.settings().build());
    }

    @AfterEach
    void tearDown() {
        transport.close();
    }

    @Test
    void aRefreshSendsTheSpecifiedJsonAndRotatesTheRefreshToken(Sandbox sandbox) {
        Credentials login = sandbox.mintCredentials();

        TokenResponse response = issuer.refresh(login.refreshToken());
        Credentials refreshed = response.applyTo(login, Clock.systemUTC());

        JournalEntry request = sandbox.journal().last(Endpoint.TOKEN_REFRESH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(
                "{\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\",\"grant_type\":\"refresh_token\",\"refresh_token\":\"***\"}");
        assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
        assertThat(refreshed.accessToken()).isNotEqualTo(login.accessToken());
        assertThat(refreshed.accountId()).isEqualTo(sandbox.account().accountId());
    }

    @Test
    void spendingARefreshTokenTwiceMeansSignInAgain(Sandbox sandbox) {
        Credentials login = sandbox.mintCredentials();
        issuer.refresh(login.refreshToken());

        assertThatThrownBy(() -> issuer.refresh(login.refreshToken()))
                .isInstanceOfSatisfying(SignInRequiredException.class,
                        e -> assertThat(e.code()).contains("refresh_token_reused"))
                .hasMessageContaining("Sign in again")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(login.refreshToken()));
    }

    @Test
    void aRevokedLoginCannotBeRefreshed(Sandbox sandbox) {
        Credentials login = sandbox.mintCredentials();

        issuer.revoke(login.refreshToken());

        JournalEntry request = sandbox.journal().last(Endpoint.REVOKE);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(
                "{\"token\":\"***\",\"token_type_hint\":\"refresh_token\",\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\"}");
        assertThatThrownBy(() -> issuer.refresh(login.refreshToken())).isInstanceOf(SignInRequiredException.class);
    }

    @Test
    void aServerErrorOnRefreshIsTransientAndSpendsNothing(Sandbox sandbox) {
        Credentials login = sandbox.mintCredentials();
        sandbox.faults().arm(Endpoint.TOKEN_REFRESH, Fault.status(503), 1);

        assertThatThrownBy(() -> issuer.refresh(login.refreshToken())).isInstanceOf(TransientException.class);
        assertThat(issuer.refresh(login.refreshToken()).accessToken()).isNotNull();
    }
}
