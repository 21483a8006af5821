package dev.codexauth.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded stream in shared/fixtures, parsed and assembled as its .source.txt says. */
class RecordedStreamsTest {

    static Stream<Path> streams() {
        return Fixtures.streams().stream();
    }

    private record Parsed(List<ResponseEvent> events, CodexResponse response) {}

    private static Parsed parse(byte[] bytes, int chunk) {
        ResponseEventDecoder decoder = new ResponseEventDecoder();
        ResponseAssembler assembler = new ResponseAssembler(ReplyHeaders.NONE);
        List<ResponseEvent> events = new ArrayList<>();
        java.util.function.Consumer<ResponseEvent> sink = e -> {
            events.add(e);
            assembler.accept(e);
        };
        Random random = new Random(chunk);
        for (int i = 0; i < bytes.length; ) {
            int n = chunk > 0 ? chunk : 1 + random.nextInt(700);
            n = Math.min(n, bytes.length - i);
            decoder.feed(bytes, i, n, sink);
            i += n;
        }
        decoder.finish(sink);
        return new Parsed(events, assembler.finish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void everyRecordedStreamGivesWhatItsSourceSays(Path sse) {
        Fixtures.Expectation expected = Fixtures.Expectation.of(sse);
        Parsed parsed = parse(Fixtures.bytes(sse), 1 << 20);

        assertThat(parsed.events()).hasSize(expected.events());
        assertThat(parsed.response().id()).isEqualTo(expected.responseId());
        if (expected.text() != null) {
            assertThat(parsed.response().outputText()).isEqualTo(expected.text());
        }
        if (expected.totalTokens() != null) {
            assertThat(parsed.response().usage().path("total_tokens").asLong()).isEqualTo(expected.totalTokens());
        } else {
            assertThat(parsed.response().usage()).isNull();
        }
        String everything = parsed.response().outputText() + parsed.response().toolCalls();
        assertThat(everything).contains(expected.mustContain());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void chunkBoundariesDoNotChangeTheResult(Path sse) {
        byte[] bytes = Fixtures.bytes(sse);
        CodexResponse whole = parse(bytes, 1 << 20).response();
        for (int chunk : bytes.length < 30_000 ? new int[] {1, 2, 3, 7, 0} : new int[] {0, 4096}) {
            CodexResponse pieces = parse(bytes, chunk).response();
            assertThat(pieces.outputText()).isEqualTo(whole.outputText());
            assertThat(pieces.output()).isEqualTo(whole.output());
        }
    }

    @Test
    void answerOnlyInOutputItemDoneIsFound() {
        for (String name : List.of("codex-rs-cli_responses_fixture.sse", "codex-fork-cli_responses_fixture-crlf.sse")) {
            CodexResponse r = parse(Fixtures.bytes(Fixtures.dir().resolve(name)), 1 << 20).response();
            assertThat(r.outputText()).isEqualTo("fixture hello");
            assertThat(r.id()).isEqualTo("resp1");
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.output()).hasSize(1);
        }
    }

    @Test
    void functionCallArgumentsStreamAsDeltasAndEndInTheItem() {
        Parsed p = parse(Fixtures.bytes(Fixtures.dir().resolve("openai-dotnet-FunctionCallStreamingWorks.sse")), 1 << 20);
        StringBuilder args = new StringBuilder();
        p.events().stream().filter(e -> e instanceof ResponseEvent.ToolInputDelta)
                .forEach(e -> args.append(((ResponseEvent.ToolInputDelta) e).delta()));
        assertThat(args.toString()).isEqualTo("{\"location\":\"San Francisco, CA\"}");
        JsonNode call = p.response().toolCalls().get(0);
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("name").asText()).isEqualTo("get_weather_at_location");
        assertThat(call.path("arguments").asText()).isEqualTo(args.toString());
        assertThat(p.response().outputText()).isEmpty();
    }

    @Test
    void customToolInputStreamsAsDeltas() {
        Parsed p = parse(Fixtures.bytes(Fixtures.dir().resolve("openai-dotnet-CustomToolCallStreamingWorks.sse")), 1 << 20);
        JsonNode call = p.response().toolCalls().get(0);
        assertThat(call.path("type").asText()).isEqualTo("custom_tool_call");
        assertThat(call.path("name").asText()).isEqualTo("code_exec");
        assertThat(call.path("input").asText()).isEqualTo("print(\"hello world\")\n");
    }

    @Test
    void reasoningSummaryHasFourPartsAndTheAnswerFollows() {
        Parsed p = parse(Fixtures.bytes(Fixtures.dir().resolve("openai-dotnet-StreamingResponsesWithReasoningSummary.sse")), 0);
        JsonNode reasoning = p.response().output().get(0);
        assertThat(reasoning.path("type").asText()).isEqualTo("reasoning");
        assertThat(reasoning.path("summary")).hasSize(4);
        assertThat(p.response().reasoningSummary()).startsWith("**").contains("NYC");
        StringBuilder streamed = new StringBuilder();
        p.events().stream().filter(e -> e instanceof ResponseEvent.ReasoningSummaryDelta d && d.summaryIndex() == 0)
                .forEach(e -> streamed.append(((ResponseEvent.ReasoningSummaryDelta) e).delta()));
        assertThat(streamed.toString()).isEqualTo(reasoning.path("summary").get(0).path("text").asText());
        assertThat(p.response().usage().path("output_tokens_details").path("reasoning_tokens").asInt()).isEqualTo(2240);
    }

    @Test
    void webSearchItemComesBeforeTheMessage() {
        Parsed p = parse(Fixtures.bytes(Fixtures.dir().resolve("openai-dotnet-WebSearchCallStreaming.sse")), 3);
        assertThat(p.response().output()).extracting(i -> i.path("type").asText()).containsExactly("web_search_call", "message");
        assertThat(p.events()).filteredOn(e -> e instanceof ResponseEvent.Other)
                .extracting(ResponseEvent::type).contains("response.web_search_call.searching");
        assertThat(p.response().outputText()).contains("59°F").contains("\u202F");
    }
}
