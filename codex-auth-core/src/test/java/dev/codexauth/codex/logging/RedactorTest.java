package dev.codexauth.codex.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.token.Credentials;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    private static final Credentials CREDS = new Credentials(JWT, "rt_refresh-secret-123456", "eyJpZCI6MX0.eyJlbWFpbCI6MX0.c2ln",
            Instant.EPOCH, "acct-7f3e9a1c");

    @Test
    void masksAuthenticatingHeadersAndKeepsTheRest() {
        Map<String, String> h = Redactor.standard().headers(Map.of("Authorization", "Bearer " + JWT,
                "ChatGPT-Account-ID", "acct-7f3e9a1c", "originator", "codex_cli_rs"));
        assertThat(h).containsEntry("Authorization", Redactor.MASK).containsEntry("ChatGPT-Account-ID", Redactor.MASK)
                .containsEntry("originator", "codex_cli_rs");
    }

    @Test
    void masksKnownSecretsJwtsAndBearerTokensInText() {
        Redactor r = Redactor.standard().with(CREDS);
        String line = r.text("token " + JWT + " refresh rt_refresh-secret-123456 account acct-7f3e9a1c bearer abcdef");
        assertThat(line).doesNotContain(JWT, "rt_refresh-secret-123456", "acct-7f3e9a1c", "abcdef");
    }

    @Test
    void masksSecretFieldsAnywhereInJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree("{\"a\":{\"refresh_token\":\"r1\",\"access_token\":\"a1\"},"
                + "\"list\":[{\"code\":\"ac_8s7d6f5g4h3j2k1l0\"},{\"code\":\"rate_limit_exceeded\"}],\"text\":\"hi\"}");
        JsonNode clean = Redactor.standard().json(json);
        assertThat(clean.toString()).doesNotContain("r1", "a1", "ac_8s7d6f5g4h3j2k1l0").contains("rate_limit_exceeded", "hi");
        assertThat(json.path("a").path("refresh_token").asText()).isEqualTo("r1");
    }
}
