package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthorizeTest {

    static final String VERIFIER = "authorize-test-verifier-0123456789-abcdefghijklmnop";
    static final String REDIRECT = "http://localhost:1455/auth/callback";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create();

    static URI authorizeUrl(Sandbox s, String redirect, String... overrides) {
        Map<String, String> q = Http.map("response_type", "code", "client_id", Sandbox.DEFAULT_CLIENT_ID,
                "redirect_uri", redirect, "scope", "openid profile email offline_access api.connectors.read api.connectors.invoke",
                "code_challenge", TokenAuthority.challengeOf(VERIFIER), "code_challenge_method", "S256",
                "id_token_add_organizations", "true", "codex_cli_simplified_flow", "true",
                "state", "state-0123456789abcdef", "originator", "codex_cli_rs");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                q.remove(overrides[i]);
            } else {
                q.put(overrides[i], overrides[i + 1]);
            }
        }
        return URI.create(s.issuerUrl() + "/oauth/authorize?" + Http.form(q));
    }

    static Map<String, String> redirectQuery(HttpResponse<String> response, String expectedPrefix) {
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(expectedPrefix + "?");
        return Call.parseForm(URI.create(location).getRawQuery());
    }

    static String requestId(String html) {
        Matcher m = Pattern.compile("name=\"request\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("consent form carries its request id").isTrue();
        return m.group(1);
    }

    @Test
    void showsAConsentPageWhoseAllowButtonRedirectsWithACodeAndTheState(Sandbox sandbox) {
        HttpResponse<String> page = Http.get(authorizeUrl(sandbox, REDIRECT));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("id=\"allow\"", ">Allow<", "id=\"deny\"", ">Deny<", sandbox.account().email());

        HttpResponse<String> allowed = Http.postForm(URI.create(sandbox.issuerUrl() + "/oauth/authorize"),
                Http.map("request", requestId(page.body()), "decision", "allow"));

        Map<String, String> q = redirectQuery(allowed, REDIRECT);
        assertThat(q).containsEntry("state", "state-0123456789abcdef").containsKey("code");
        HttpResponse<String> tokens = Http.postForm(URI.create(sandbox.issuerUrl() + "/oauth/token"),
                Http.map("grant_type", "authorization_code", "client_id", Sandbox.DEFAULT_CLIENT_ID,
                        "code", q.get("code"), "code_verifier", VERIFIER, "redirect_uri", REDIRECT));
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(sandbox.journal().count(Endpoint.AUTHORIZE)).isEqualTo(2);
    }

    @Test
    void theDenyButtonRedirectsWithAccessDenied(Sandbox sandbox) {
        String id = requestId(Http.get(authorizeUrl(sandbox, REDIRECT)).body());

        HttpResponse<String> denied = Http.postForm(URI.create(sandbox.issuerUrl() + "/oauth/authorize"),
                Http.map("request", id, "decision", "deny"));

        Map<String, String> q = redirectQuery(denied, REDIRECT);
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", "state-0123456789abcdef")
                .doesNotContainKey("code");
    }

    @Test
    void aConsentIsAnsweredOnlyOnce(Sandbox sandbox) {
        String id = requestId(Http.get(authorizeUrl(sandbox, REDIRECT)).body());
        URI decide = URI.create(sandbox.issuerUrl() + "/oauth/authorize");
        Http.postForm(decide, Http.map("request", id, "decision", "allow"));

        HttpResponse<String> again = Http.postForm(decide, Http.map("request", id, "decision", "allow"));

        assertThat(again.statusCode()).isEqualTo(400);
    }

    @Test
    void acceptsPort1457AndRefusesOtherPortsWithoutRedirecting(Sandbox sandbox) {
        assertThat(Http.get(authorizeUrl(sandbox, "http://localhost:1457/auth/callback")).statusCode()).isEqualTo(200);

        for (String bad : new String[] {"http://localhost:9999/auth/callback", "http://evil.example/auth/callback",
                "http://localhost:1455/other", "https://localhost:1455/auth/callback"}) {
            HttpResponse<String> page = Http.get(authorizeUrl(sandbox, bad));
            assertThat(page.statusCode()).as(bad).isEqualTo(400);
            assertThat(page.headers().firstValue("Location")).as(bad).isEmpty();
        }
    }

    @Test
    void refusesAnUnknownClientWithoutRedirecting(Sandbox sandbox) {
        HttpResponse<String> page = Http.get(authorizeUrl(sandbox, REDIRECT, "client_id", "app_unknown"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void redirectsWithAnErrorForAWrongResponseTypeOrPkceMethod(Sandbox sandbox) {
        assertThat(redirectQuery(Http.get(authorizeUrl(sandbox, REDIRECT, "response_type", "token")), REDIRECT))
                .containsEntry("error", "unsupported_response_type");
        assertThat(redirectQuery(Http.get(authorizeUrl(sandbox, REDIRECT, "code_challenge_method", "plain")), REDIRECT))
                .containsEntry("error", "invalid_request");
        assertThat(redirectQuery(Http.get(authorizeUrl(sandbox, REDIRECT, "code_challenge", null)), REDIRECT))
                .containsEntry("error", "invalid_request");
    }

    @Test
    void autoApproveRedirectsAtOnce() {
        try (Sandbox sandbox = Sandbox.builder().autoApprove(true).allowAnyLoopbackRedirectPort().start()) {
            String redirect = "http://127.0.0.1:45678/callback";

            Map<String, String> q = redirectQuery(Http.get(authorizeUrl(sandbox, redirect)), redirect);

            assertThat(q).containsKey("code").containsEntry("state", "state-0123456789abcdef");
        }
    }

    @Test
    void theJournalMasksTheStateOfTheAuthorizeUrl(Sandbox sandbox) {
        Http.get(authorizeUrl(sandbox, REDIRECT));

        String path = sandbox.journal().last(Endpoint.AUTHORIZE).path();
        assertThat(path).contains("state=***").doesNotContain("state-0123456789abcdef")
                .contains("client_id=" + URLEncoder.encode(Sandbox.DEFAULT_CLIENT_ID, StandardCharsets.UTF_8));
    }

    @Test
    void aWorkspaceWithoutCodexEndsTheSignInWithMissingEntitlement(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.AUTHORIZE, Fault.missingCodexEntitlement());

        HttpResponse<String> denied = Http.get(authorizeUrl(sandbox, REDIRECT));

        assertThat(redirectQuery(denied, REDIRECT)).containsEntry("error", "access_denied")
                .containsEntry("error_description", "missing_codex_entitlement")
                .containsEntry("state", "state-0123456789abcdef").doesNotContainKey("code");
    }
}
