package dev.codexauth.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.sun.net.httpserver.HttpServer;
import dev.codexauth.config.Settings;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.CredentialsProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams as the real Codex backend shapes them, served over loopback HTTP: Codex-only events, a
 * top-level {@code "error": null}, the older {@code response.done}, no sequence numbers, and the
 * recorded codex-rs fixture whose answer is only in {@code output_item.done}. The SDK must read them
 * all without an exception and with the answer.
 */
class CodexStreamShapesTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(); // the catalog and a login

    private static final ResponseCreateParams ASK = ResponseCreateParams.builder().model("gpt-5.5").input("Hi").build();

    /** Codex-only events and keys the SDK would misread, around a plain answer. */
    private static final String CODEX_STREAM = String.join("\n",
            ": keepalive",
            "",
            "event: response.created",
            "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_x\",\"output\":[]},\"error\":null}",
            "",
            "data: {\"type\":\"keepalive\",\"sequence_number\":1}",
            "",
            "event: codex.rate_limits",
            "data: {\"type\":\"codex.rate_limits\",\"plan_type\":\"plus\",\"rate_limits\":{\"allowed\":true,\"limit_reached\":false,"
                    + "\"primary\":{\"used_percent\":1,\"window_minutes\":300,\"reset_at\":1781881906}},\"error\":null}",
            "",
            "event: codex.response.metadata",
            "data: {\"type\":\"codex.response.metadata\",\"headers\":{\"x-codex-turn-state\":\"ts_1\"},\"error\":null}",
            "",
            "event: response.metadata",
            "data: {\"type\":\"response.metadata\",\"response_id\":\"resp_x\",\"metadata\":{\"type\":\"safety_buffering\"}}",
            "",
            "event: response.output_text.delta",
            "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                    + "\"delta\":\"Plain \",\"error\":null}",
            "",
            "event: response.output_text.delta",
            "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                    + "\"delta\":\"answer.\"}",
            "",
            "event: response.done",
            "data: {\"type\":\"response.done\",\"response\":{\"id\":\"resp_x\",\"status\":\"completed\",\"output\":[],"
                    + "\"usage\":{\"input_tokens\":3,\"input_tokens_details\":null,\"output_tokens\":2,"
                    + "\"output_tokens_details\":null,\"total_tokens\":5}}}",
            "", "");

    private final AtomicReference<byte[]> stream = new AtomicReference<>();
    private HttpServer server;
    private OpenAIClient client;

    @TempDir
    Path home;

    @BeforeEach
    void start(Sandbox sandbox) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/backend-api/codex/models", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, "application/json", sandbox.catalogJson());
        });
        server.createContext("/backend-api/codex/responses", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, "text/event-stream", stream.get());
        });
        server.start();
        Settings settings = sandbox.settings().home(home)
                .baseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/backend-api")).build();
        client = CodexOpenAI.builder(settings).credentials(CredentialsProvider.fixed(sandbox.mintCredentials())).client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(t -> t.text()).collect(Collectors.joining());
    }

    private static Path fixture(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("fixtures").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void codexOnlyEventsAndNullErrorKeysNeverMakeTheSdkThrow() {
        stream.set(CODEX_STREAM.getBytes(StandardCharsets.UTF_8));
        List<ResponseStreamEvent> events;
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(ASK)) {
            events = s.stream().toList();
        }
        // created, two deltas, completed: keepalive, codex.*, response.metadata are left out
        assertThat(events).hasSize(4);
        assertThat(events.get(0).created()).isPresent();
        assertThat(events.stream().flatMap(e -> e.outputTextDelta().stream()).map(d -> d.delta()).collect(Collectors.joining()))
                .isEqualTo("Plain answer.");
        Response completed = events.get(3).completed().orElseThrow().response(); // response.done, as completed
        assertThat(text(completed)).isEqualTo("Plain answer.");
        assertThat(completed.usage().orElseThrow().inputTokensDetails().cachedTokens()).isZero();
        assertThat(events.stream().map(e -> e.completed().map(c -> c.sequenceNumber())
                .or(() -> e.outputTextDelta().map(d -> d.sequenceNumber()))
                .or(() -> e.created().map(c -> c.sequenceNumber())).orElseThrow()).toList())
                .isSorted().doesNotHaveDuplicates();
    }

    @Test
    void createAssemblesTheAnswerOfACodexStreamWithoutSequenceNumbers() {
        stream.set(CODEX_STREAM.getBytes(StandardCharsets.UTF_8));
        Response response = client.responses().create(ASK);
        assertThat(text(response)).isEqualTo("Plain answer.");
        assertThat(response.usage().orElseThrow().outputTokensDetails().reasoningTokens()).isZero();
    }

    @Test
    void theRecordedCodexFixtureAnswersWithTheTextOfItsDoneItem() throws IOException {
        stream.set(Files.readAllBytes(fixture("codex-rs-cli_responses_fixture.sse")));
        assertThat(text(client.responses().create(ASK))).isEqualTo("fixture hello");
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(ASK)) {
            Response completed = s.stream().flatMap(e -> e.completed().stream()).findFirst().orElseThrow().response();
            assertThat(text(completed)).isEqualTo("fixture hello");
        }
    }
}
