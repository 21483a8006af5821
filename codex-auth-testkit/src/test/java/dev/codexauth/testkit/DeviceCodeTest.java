package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeviceCodeTest {

    static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().clock(CLOCK));

    static JsonNode start(Sandbox s) {
        HttpResponse<String> r = Http.postJson(URI.create(s.issuerUrl() + "/api/accounts/deviceauth/usercode"),
                Map.of("client_id", Sandbox.DEFAULT_CLIENT_ID));
        assertThat(r.statusCode()).isEqualTo(200);
        return Http.json(r);
    }

    static HttpResponse<String> poll(Sandbox s, JsonNode device) {
        return Http.postJson(URI.create(s.issuerUrl() + "/api/accounts/deviceauth/token"), Map.of(
                "device_auth_id", device.path("device_auth_id").asText(), "user_code", device.path("user_code").asText()));
    }

    static HttpResponse<String> page(Sandbox s, String userCode, String decision) {
        return Http.postForm(URI.create(s.issuerUrl() + "/codex/device"), Http.map("user_code", userCode, "decision", decision));
    }

    @Test
    void aUserApprovesTheCodeOnTheDevicePageAndThePollHandsOverACodeWithItsVerifier(Sandbox sandbox) {
        JsonNode device = start(sandbox);
        assertThat(device.path("interval").isTextual()).isTrue();
        assertThat(device.path("interval").asText()).isEqualTo("5");
        assertThat(device.path("user_code").asText()).matches("[A-Z0-9]{4}-[A-Z0-9]{4}");
        assertThat(poll(sandbox, device).statusCode()).isEqualTo(403);

        HttpResponse<String> form = Http.get(URI.create(sandbox.issuerUrl() + "/codex/device"));
        assertThat(form.body()).contains("name=\"user_code\"", "id=\"approve\"");
        assertThat(page(sandbox, device.path("user_code").asText(), "approve").statusCode()).isEqualTo(200);

        HttpResponse<String> approved = poll(sandbox, device);
        assertThat(approved.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(approved);
        assertThat(TokenAuthority.challengeOf(body.path("code_verifier").asText()))
                .isEqualTo(body.path("code_challenge").asText());
        HttpResponse<String> tokens = Http.postForm(URI.create(sandbox.issuerUrl() + "/oauth/token"), Http.map(
                "grant_type", "authorization_code", "client_id", Sandbox.DEFAULT_CLIENT_ID,
                "code", body.path("authorization_code").asText(), "code_verifier", body.path("code_verifier").asText(),
                "redirect_uri", sandbox.issuerUrl() + "/deviceauth/callback"));
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(sandbox.journal().count(Endpoint.DEVICE_TOKEN)).isEqualTo(2);
        assertThat(sandbox.journal().requests(Endpoint.DEVICE_TOKEN).toString())
                .doesNotContain(device.path("device_auth_id").asText());
    }

    @Test
    void anUnknownDeviceLoginPollsAs404(Sandbox sandbox) {
        JsonNode device = start(sandbox);
        HttpResponse<String> r = Http.postJson(URI.create(sandbox.issuerUrl() + "/api/accounts/deviceauth/token"),
                Map.of("device_auth_id", "deviceauth_nope", "user_code", device.path("user_code").asText()));

        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void deviceLoginDisabledForTheAccountAnswers404(Sandbox sandbox) {
        sandbox.setDeviceLoginEnabled(false);

        HttpResponse<String> r = Http.postJson(URI.create(sandbox.issuerUrl() + "/api/accounts/deviceauth/usercode"),
                Map.of("client_id", Sandbox.DEFAULT_CLIENT_ID));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Http.json(r).path("error").path("code").asText()).isEqualTo("device_auth_disabled");
    }

    @Test
    void aCodeExpiresAfterFifteenMinutes(Sandbox sandbox) {
        JsonNode device = start(sandbox);
        CLOCK.advance(Duration.ofMinutes(15));

        assertThat(page(sandbox, device.path("user_code").asText(), "approve").statusCode()).isEqualTo(400);
        HttpResponse<String> r = poll(sandbox, device);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).path("error").path("code").asText()).isEqualTo("device_code_expired");
    }

    @Test
    void aDeniedCodeEndsThePolling(Sandbox sandbox) {
        JsonNode device = start(sandbox);
        page(sandbox, device.path("user_code").asText(), "deny");

        HttpResponse<String> r = poll(sandbox, device);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).path("error").path("code").asText()).isEqualTo("access_denied");
    }

    @Test
    void theCallbackPageExists(Sandbox sandbox) {
        assertThat(Http.get(URI.create(sandbox.issuerUrl() + "/deviceauth/callback")).statusCode()).isEqualTo(200);
    }

    @Test
    void theUserCodeCanBeSpelledUsercodeAsSomeIssuersDo() {
        try (Sandbox sandbox = Sandbox.builder().deviceUsercodeSpelling(true).start()) {
            JsonNode device = start(sandbox);
            assertThat(device.has("user_code")).isFalse();
            String userCode = device.path("usercode").asText();
            assertThat(userCode).matches("[A-Z0-9]{4}-[A-Z0-9]{4}");
            assertThat(page(sandbox, userCode, "approve").statusCode()).isEqualTo(200);
            HttpResponse<String> approved = Http.postJson(URI.create(sandbox.issuerUrl() + "/api/accounts/deviceauth/token"),
                    Map.of("device_auth_id", device.path("device_auth_id").asText(), "user_code", userCode));
            assertThat(approved.statusCode()).isEqualTo(200);
        }
    }
}
