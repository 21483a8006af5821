package dev.codexauth.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.codexauth.config.Settings;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.token.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodexHeadersTest {

    private static final Credentials CREDS = new Credentials("access", "refresh", null, Instant.EPOCH, "acct-1");
    private static final UUID ID = UUID.randomUUID();

    private static Map<String, String> headers(String model, String turnState, Settings settings) {
        ModelCatalog catalog = ModelCatalog.parse(RequestTransformerTest.CATALOG.getBytes(StandardCharsets.UTF_8), "t", null, Instant.EPOCH);
        PreparedRequest p = new RequestTransformer(settings).transform(
                new ResponsesRequest(JsonNodeFactory.instance.objectNode().put("model", model), ID, turnState), catalog);
        return CodexHeaders.forResponses(p, CREDS, ClientIdentity.of(settings));
    }

    @Test
    void sendsExactlyTheHeadersOfTheSpecWithTheConversationIdThreeTimes() {
        Map<String, String> h = headers("gpt-5.5", null, Settings.builder(new Properties(), Map.of()).build());
        assertThat(h).containsOnlyKeys("Authorization", "ChatGPT-Account-ID", "originator", "version", "User-Agent",
                "Accept", "Content-Type", "session-id", "thread-id", "x-client-request-id");
        assertThat(h).containsEntry("Authorization", "Bearer access").containsEntry("ChatGPT-Account-ID", "acct-1")
                .containsEntry("originator", "codex_cli_rs").containsEntry("version", Settings.DEFAULT_CLIENT_VERSION)
                .containsEntry("User-Agent", "codex_cli_rs/" + Settings.DEFAULT_CLIENT_VERSION)
                .containsEntry("session-id", ID.toString()).containsEntry("thread-id", ID.toString())
                .containsEntry("x-client-request-id", ID.toString()).containsEntry("Accept", "text/event-stream");
    }

    @Test
    void identityIsConfigurableAndConsistent() {
        Settings s = Settings.builder(new Properties(), Map.of()).originator("codex_exec").clientVersion("0.170.0").build();
        assertThat(headers("gpt-5.5", null, s)).containsEntry("originator", "codex_exec").containsEntry("version", "0.170.0")
                .containsEntry("User-Agent", "codex_exec/0.170.0");
    }

    @Test
    void liteHeaderOnlyForLiteModelsAndTurnStateOnlyWhenGiven() {
        Settings s = Settings.builder(new Properties(), Map.of()).build();
        assertThat(headers("gpt-5.6-sol", "ts", s)).containsEntry(CodexHeaders.LITE, "true").containsEntry(CodexHeaders.TURN_STATE, "ts");
        assertThat(headers("gpt-5.5", null, s)).doesNotContainKeys(CodexHeaders.LITE, CodexHeaders.TURN_STATE);
    }
}
