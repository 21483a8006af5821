package dev.codexauth.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CodexResponse answer(String turnState, String... itemsJson) throws Exception {
        List<JsonNode> items = new java.util.ArrayList<>();
        for (String s : itemsJson) {
            items.add(JSON.readTree(s));
        }
        return new CodexResponse("resp", "completed", items, "", "", null, JSON.createObjectNode(), null,
                new ReplyHeaders(null, null, turnState, null, null, null));
    }

    @Test
    void keepsOneIdAndTheWholeHistoryIncludingEncryptedReasoning() throws Exception {
        Conversation c = Conversation.start("gpt-5.5");
        ResponsesRequest first = c.ask("hello");
        c.record(answer(null, "{\"type\":\"reasoning\",\"encrypted_content\":\"gAAAA\",\"summary\":[]}",
                "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"hi\"}]}"));
        ResponsesRequest second = c.ask("again");

        assertThat(second.conversationId()).isEqualTo(first.conversationId()).isEqualTo(c.id());
        assertThat(second.body().path("input")).extracting(i -> i.path("type").asText())
                .containsExactly("message", "reasoning", "message", "message");
        assertThat(second.body().path("input").get(1).path("encrypted_content").asText()).isEqualTo("gAAAA");
        assertThat(second.body().path("model").asText()).isEqualTo("gpt-5.5");
    }

    @Test
    void turnStateIsReplayedWithinTheTurnOnly() throws Exception {
        Conversation c = Conversation.start("gpt-5.5");
        assertThat(c.ask("list files").turnState()).isNull();
        c.record(answer("ts-1", "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"ls\",\"arguments\":\"{}\"}"));
        c.toolOutput("c1", "a.txt");
        ResponsesRequest followUp = c.next();
        assertThat(followUp.turnState()).isEqualTo("ts-1");
        assertThat(followUp.body().path("input").get(2).path("type").asText()).isEqualTo("function_call_output");

        assertThat(c.ask("new question").turnState()).isNull();
    }
}
