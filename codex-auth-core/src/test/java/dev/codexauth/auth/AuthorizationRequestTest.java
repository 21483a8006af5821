package dev.codexauth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.config.Settings;
import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AuthorizationRequestTest {

    private static Settings.Builder settings() {
        return Settings.builder(new Properties(), Map.of());
    }

    @Test
    void theAuthorizeUrlHasTheCodexCliParametersInOrderAndPercentEncoded() {
        Pkce pkce = new Pkce("verifier", "CHALLENGE_abc-123");
        AuthorizationRequest request = AuthorizationRequest.of(settings().build(),
                URI.create("http://localhost:1455/auth/callback"), "STATE_xyz", pkce);

        assertThat(request.url().toString()).isEqualTo("https://auth.openai.com/oauth/authorize"
                + "?response_type=code"
                + "&client_id=app_EMoamEEZ73f0CkXaXp7hrann"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A1455%2Fauth%2Fcallback"
                + "&scope=openid%20profile%20email%20offline_access%20api.connectors.read%20api.connectors.invoke"
                + "&code_challenge=CHALLENGE_abc-123"
                + "&code_challenge_method=S256"
                + "&id_token_add_organizations=true"
                + "&codex_cli_simplified_flow=true"
                + "&state=STATE_xyz"
                + "&originator=codex_cli_rs");
    }

    @Test
    void restrictedWorkspacesAndACustomOriginatorAndIssuerAppear() {
        Settings s = settings().issuer(URI.create("http://127.0.0.1:8080/")).originator("my orig")
                .allowedWorkspaceIds(List.of("ws-1", "ws+2")).build();

        URI url = AuthorizationRequest.of(s, URI.create("http://localhost:1457/auth/callback"), "st",
                new Pkce("v", "c")).url();

        assertThat(url.toString()).startsWith("http://127.0.0.1:8080/oauth/authorize?response_type=code&")
                .endsWith("&state=st&originator=my%20orig&allowed_workspace_id=ws-1%2Cws%2B2");
        assertThat(url.getQuery()).contains("allowed_workspace_id=ws-1,ws+2");
    }

    @Test
    void everySignInHasItsOwnStateOfAtLeastSixteenBytesAndItsOwnPkce() {
        SecureRandom random = new SecureRandom();
        URI redirect = AuthorizationRequest.loopbackRedirectUri(1455);
        AuthorizationRequest a = AuthorizationRequest.create(settings().build(), redirect, random);
        AuthorizationRequest b = AuthorizationRequest.create(settings().build(), redirect, random);

        assertThat(a.state()).matches("[A-Za-z0-9_-]+");
        assertThat(TokenClaims.decodeBase64(a.state())).hasSizeGreaterThanOrEqualTo(16);
        assertThat(a.state()).isNotEqualTo(b.state());
        assertThat(a.pkce().verifier()).isNotEqualTo(b.pkce().verifier());
        assertThat(a.url()).isNotEqualTo(b.url());
        assertThat(a.url().getQuery()).contains("state=" + a.state(), "code_challenge=" + a.pkce().challenge());
    }

    @Test
    void theStateMatchesOnlyItselfAndToStringRevealsNoSecret() {
        AuthorizationRequest request = AuthorizationRequest.create(settings().build(),
                AuthorizationRequest.loopbackRedirectUri(1455), new SecureRandom());

        assertThat(request.stateMatches(request.state())).isTrue();
        assertThat(request.stateMatches(request.state() + "x")).isFalse();
        assertThat(request.stateMatches(null)).isFalse();
        assertThat(request.stateMatches("")).isFalse();
        assertThat(request.toString()).doesNotContain(request.state()).doesNotContain(request.pkce().verifier())
                .doesNotContain(request.pkce().challenge());
    }
}
