package dev.codexauth.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.sse.SseEvent;
import dev.codexauth.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delta events are read from their tokens, without a tree; every event must still be exactly what
 * {@link ResponseEvent#of} makes of the event's parsed JSON.
 */
class ResponseEventDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> streams() {
        return Fixtures.streams();
    }

    private static List<ResponseEvent> decode(byte[] bytes) {
        List<ResponseEvent> out = new ArrayList<>();
        ResponseEventDecoder decoder = new ResponseEventDecoder();
        decoder.feed(bytes, 0, bytes.length, out::add);
        decoder.finish(out::add);
        return out;
    }

    /** The events as the JSON tree says, the way events were always made. */
    private static List<ResponseEvent> fromTrees(byte[] bytes) {
        List<ResponseEvent> out = new ArrayList<>();
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        parser.feed(bytes, events::add);
        parser.finish(events::add);
        for (SseEvent e : events) {
            JsonNode json;
            try {
                json = JSON.readTree(e.data());
            } catch (Exception notJson) {
                continue;
            }
            if (json != null && json.isObject()) {
                out.add(ResponseEvent.of(json));
            }
        }
        return out;
    }

    private static byte[] sse(String... datas) {
        StringBuilder s = new StringBuilder();
        for (String data : datas) {
            s.append("data: ").append(data).append("\n\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void everyRecordedEventIsWhatItsTreeSays(Path stream) {
        byte[] bytes = Fixtures.bytes(stream);
        List<ResponseEvent> decoded = decode(bytes);

        assertThat(decoded).isEqualTo(fromTrees(bytes));
        for (ResponseEvent e : decoded) {
            assertThat(e.type()).isNotEmpty();
            assertThat(JSON.valueToTree(e.raw()).toString()).isEqualTo(e.raw().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"output_index\":2,\"delta\":\"caf\\u00e9 \\\"q\\\" \\ud83d\\ude00\"}",
            "{\"output_index\":1,\"delta\":\"late type\",\"type\":\"response.output_text.delta\"}",
            "{\"type\":\"response.output_text.delta\",\"output_index\":\"3\",\"delta\":\"index as text\"}",
            "{\"type\":\"response.output_text.delta\",\"output_index\":2.7,\"delta\":\"fractional index\"}",
            "{\"type\":\"response.output_text.delta\",\"output_index\":99999999999,\"delta\":\"long index\"}",
            "{\"type\":\"response.output_text.delta\",\"output_index\":true,\"delta\":\"boolean index\"}",
            "{\"type\":\"response.output_text.delta\",\"item_id\":null,\"delta\":\"null item\"}",
            "{\"type\":\"response.output_text.delta\",\"item_id\":7,\"delta\":\"numeric item\"}",
            "{\"type\":\"response.output_text.delta\",\"delta\":5}",
            "{\"type\":\"response.output_text.delta\",\"delta\":{\"text\":\"an object\"}}",
            "{\"type\":\"response.output_text.delta\"}",
            "{\"type\":\"response.output_text.delta\",\"delta\":\"a\",\"delta\":\"b\"}",
            "{\"type\":\"response.output_text.delta\",\"type\":\"response.completed\",\"response\":{\"id\":\"r\"}}",
            "{\"type\":\"response.completed\",\"type\":\"response.output_text.delta\",\"delta\":\"last wins\"}",
            "{\"item\":{\"type\":\"response.output_text.delta\"},\"type\":\"response.output_item.added\"}",
            "{\"type\":7}",
            "{\"type\":\"response.output_text.delta\",\"delta\":\"x\",\"logprobs\":[{\"a\":[1,2]}],\"obfuscation\":\"pad\"}",
            "{\"type\":\"response.output_text.delta\",\"delta\":\"trailing\"} and then some",
            "{\"type\":\"response.output_text.delta\",\"delta\":\"unclosed\"",
            "{\"type\":\"response.output_text.delta\",\"delta\":\"bad escape \\q\"}",
            "{\"type\":\"response.output_text.delta\",\"delta\":\"x\",}",
            "{\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":0,\"summary_index\":3,\"delta\":\"think\"}",
            "{\"type\":\"response.reasoning_summary_text.delta\",\"summary_index\":\"3\",\"delta\":\"think\"}",
            "{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc\",\"output_index\":1,\"delta\":\"{\\\"a\\\"\"}",
            "{\"type\":\"response.custom_tool_call_input.delta\",\"item_id\":\"ct\",\"delta\":\"*** Begin\"}",
            "[\"response.output_text.delta\"]",
            "\"response.output_text.delta\"",
            "[DONE]",
    })
    void anyDeltaGivesTheEventItsTreeGives(String data) {
        byte[] bytes = sse(data);
        assertThat(decode(bytes)).isEqualTo(fromTrees(bytes));
    }

    @Test
    void aDeltasRawJsonIsTheWholeEventAndBehavesLikeAnyTree() throws Exception {
        String data = "{\"type\":\"response.output_text.delta\",\"sequence_number\":9,\"item_id\":\"msg_1\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\",\"logprobs\":[],\"obfuscation\":\"x1\"}";
        ResponseEvent event = decode(sse(data)).get(0);

        assertThat(event).isEqualTo(new ResponseEvent.TextDelta(0, "msg_1", "Hi", JSON.readTree(data)));
        assertThat(event.type()).isEqualTo("response.output_text.delta");
        assertThat(event.raw().toString()).isEqualTo(data);
        assertThat(JSON.writeValueAsString(event.raw())).isEqualTo(data);
        assertThat(event.raw().path("sequence_number").asInt()).isEqualTo(9);
        assertThat(event.raw().hashCode()).isEqualTo(JSON.readTree(data).hashCode());

        ObjectNode copy = ((ObjectNode) event.raw()).deepCopy();
        copy.remove("obfuscation");
        assertThat(event.raw().has("obfuscation")).isTrue();
        ((ObjectNode) event.raw()).put("seen", true);
        assertThat(event.raw().path("seen").asBoolean()).isTrue();
        assertThat(event.raw().size()).isEqualTo(9);
    }

    @Test
    void aDeltasRawJsonIsParsedOnceForAllThreads() throws Exception {
        String data = "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"Hi\",\"obfuscation\":\"x\"}";
        for (int round = 0; round < 50; round++) {
            ResponseEvent event = decode(sse(data)).get(0);
            int threads = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<JsonNode>> seen = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    seen.add(pool.submit(() -> {
                        start.await();
                        return event.raw().get("obfuscation");
                    }));
                }
                start.countDown();
                JsonNode first = seen.get(0).get();
                for (Future<JsonNode> f : seen) {
                    assertThat(f.get()).isSameAs(first);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void payloadsThatAreNotObjectsAreCountedAsSkipped() {
        ResponseEventDecoder decoder = new ResponseEventDecoder();
        List<ResponseEvent> out = new ArrayList<>();
        byte[] bytes = sse("[DONE]", "{\"type\":\"response.output_text.delta\",\"delta\":\"x\"", "42",
                "{\"type\":\"response.output_text.delta\",\"delta\":\"ok\"}");
        decoder.feed(bytes, 0, bytes.length, out::add);
        decoder.finish(out::add);
        assertThat(out).hasSize(1);
        assertThat(decoder.skipped()).isEqualTo(3);
    }
}
