package dev.codexauth.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.codexauth.config.Settings;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.JournalEntry;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.InMemoryTokenStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenAI Java SDK, unchanged, against the sandbox's Codex backend over real HTTP. The sandbox
 * answers every {@code response.completed} with {@code output: []} and sends keepalives, as the Codex
 * backend often does.
 */
class CodexOpenAISandboxTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(
            Sandbox.builder().completedOutput(Sandbox.CompletedOutput.EMPTY).keepalives(true));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "Hello from the Codex sandbox.";
    private static final String MODEL = "gpt-5.5";

    @TempDir
    Path home;

    private Credentials login;

    private CodexOpenAI.Builder codex(Sandbox sandbox) {
        Settings settings = sandbox.settings().home(home).build();
        InMemoryTokenStore store = new InMemoryTokenStore();
        login = sandbox.mintCredentials();
        store.save(settings.profile(), login);
        return CodexOpenAI.builder(settings).tokenStore(store);
    }

    private final List<Runnable> toClose = new ArrayList<>();

    @AfterEach
    void closeClients() {
        toClose.forEach(Runnable::run);
    }

    private OpenAIClient client(Sandbox sandbox) {
        OpenAIClient client = codex(sandbox).client();
        toClose.add(client::close);
        return client;
    }

    private OpenAIClientAsync clientAsync(Sandbox sandbox) {
        OpenAIClientAsync client = codex(sandbox).clientAsync();
        toClose.add(client::close);
        return client;
    }

    private static ResponseCreateParams ask(String text) {
        return ResponseCreateParams.builder().model(MODEL).input(text).build();
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(t -> t.text()).collect(Collectors.joining());
    }

    private static String turnState(JournalEntry entry) {
        return entry.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("x-codex-turn-state"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static JsonNode body(JournalEntry entry) throws Exception {
        return JSON.readTree(entry.body());
    }

    @Test
    void createReturnsTheAnswerAssembledFromTheStreamWhenCompletedHasEmptyOutput(Sandbox sandbox) throws Exception {
        {
            OpenAIClient client = client(sandbox);
            Response response = client.responses().create(ask("Say hello"));

            assertThat(text(response)).isEqualTo(ANSWER);
            assertThat(response.id()).startsWith("resp_");
            assertThat(response.usage()).isPresent();
            response.validate(); // every field the SDK's model requires is there (responseValidation(true) works)
        }
        List<JournalEntry> sent = sandbox.journal().requests(Endpoint.RESPONSES);
        assertThat(sent).hasSize(1);
        JsonNode body = body(sent.get(0));
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("instructions").asText()).isNotEmpty();
    }

    @Test
    void theSdksPlaceholderKeyAndHeadersAreNeverSent(Sandbox sandbox) {
        {
            OpenAIClient client = client(sandbox);
            client.responses().create(ask("Say hello"));
        }
        for (JournalEntry entry : sandbox.journal().requests()) {
            assertThat(entry.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-stainless"));
            assertThat(entry.headers().values()).noneMatch(v -> v.contains(CodexOpenAI.PLACEHOLDER_API_KEY));
            assertThat(entry.body() == null ? "" : entry.body()).doesNotContain(CodexOpenAI.PLACEHOLDER_API_KEY);
        }
    }

    @Test
    void createStreamingDeliversTheDeltasAndACompletedResponseWithItsOutput(Sandbox sandbox) {
        List<ResponseStreamEvent> events;
        OpenAIClient client = client(sandbox);
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask("Say hello"))) {
            events = stream.stream().toList();
        }
        String deltas = events.stream().flatMap(e -> e.outputTextDelta().stream()).map(d -> d.delta())
                .collect(Collectors.joining());
        assertThat(deltas).isEqualTo(ANSWER);
        Response completed = events.stream().flatMap(e -> e.completed().stream()).findFirst().orElseThrow().response();
        assertThat(text(completed)).isEqualTo(ANSWER);
        // every event is one the SDK knows: the Codex-only ones (codex.rate_limits...) were left out
        events.forEach(ResponseStreamEvent::validate);
    }

    @Test
    void requestsWithTheSamePromptCacheKeyShareOneConversation(Sandbox sandbox) throws Exception {
        OpenAIClient client = client(sandbox);
        ResponseCreateParams turn = ResponseCreateParams.builder().model(MODEL).input("Say hello")
                .promptCacheKey("my-conversation").build();
        client.responses().create(turn);
        client.responses().create(turn);
        client.responses().create(ask("Say hello"));

        List<JournalEntry> sent = sandbox.journal().requests(Endpoint.RESPONSES);
        List<String> keys = new ArrayList<>();
        for (JournalEntry entry : sent) {
            keys.add(body(entry).path("prompt_cache_key").asText());
            // the backend's cache affinity follows session-id, which equals prompt_cache_key
            assertThat(entry.headers().entrySet()).anySatisfy(h -> {
                assertThat(h.getKey()).isEqualToIgnoringCase("session-id");
                assertThat(h.getValue()).isEqualTo(keys.get(keys.size() - 1));
            });
        }
        assertThat(keys.get(0)).isEqualTo(keys.get(1)).isEqualTo(CodexHttpClient.conversationOf(
                JSON.createObjectNode().put("prompt_cache_key", "my-conversation")).toString());
        assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
    }

    @Test
    void theAsyncClientCreatesAResponse(Sandbox sandbox) throws Exception {
        {
            OpenAIClientAsync client = clientAsync(sandbox);
            Response response = client.responses().create(ask("Say hello")).get(30, TimeUnit.SECONDS);
            assertThat(text(response)).isEqualTo(ANSWER);
        }
    }

    @Test
    void theAsyncClientStreamsAResponse(Sandbox sandbox) throws Exception {
        List<String> deltas = new CopyOnWriteArrayList<>();
        {
            OpenAIClientAsync client = clientAsync(sandbox);
            AsyncStreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask("Say hello"));
            stream.subscribe(event -> event.outputTextDelta().ifPresent(d -> deltas.add(d.delta())));
            stream.onCompleteFuture().get(30, TimeUnit.SECONDS);
        }
        assertThat(String.join("", deltas)).isEqualTo(ANSWER);
    }

    @Test
    void aFunctionCallGoesOutAndItsOutputComesBackIn(Sandbox sandbox) throws Exception {
        FunctionTool weather = FunctionTool.builder().name("get_weather").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
                .role(com.openai.models.responses.EasyInputMessage.Role.USER).content("What is the weather? Use get_weather.")
                .build()));
        {
            OpenAIClient client = client(sandbox);
            Response first = client.responses().create(ResponseCreateParams.builder().model(MODEL)
                    .inputOfResponse(input).addTool(weather).promptCacheKey("weather-chat").build());
            ResponseFunctionToolCall call = first.output().stream().flatMap(i -> i.functionCall().stream())
                    .findFirst().orElseThrow();
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(JSON.readTree(call.arguments()).path("city").asText()).isNotEmpty();

            input.add(ResponseInputItem.ofFunctionCall(call));
            input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                    .callId(call.callId()).output("{\"temperature_c\":21}").build()));
            Response second = client.responses().create(ResponseCreateParams.builder().model(MODEL)
                    .inputOfResponse(input).addTool(weather).promptCacheKey("weather-chat").build());

            assertThat(text(second)).isEqualTo(ANSWER);
            JsonNode sent = body(sandbox.journal().requests(Endpoint.RESPONSES).get(1));
            List<JsonNode> items = new ArrayList<>();
            sent.path("input").forEach(items::add);
            assertThat(items).anySatisfy(i -> {
                assertThat(i.path("type").asText()).isEqualTo("function_call_output");
                assertThat(i.path("call_id").asText()).isEqualTo(call.callId());
                assertThat(i.path("output").asText()).contains("temperature_c");
            });
            assertThat(items).anySatisfy(i -> assertThat(i.path("type").asText()).isEqualTo("function_call"));
            assertThat(items).noneMatch(i -> i.has("id")); // store=false: ids would point at nothing

            // the turn state the tool call's answer set goes back within the turn, and not into the next one
            input.add(ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
                    .role(com.openai.models.responses.EasyInputMessage.Role.USER).content("Thanks!").build()));
            client.responses().create(ResponseCreateParams.builder().model(MODEL)
                    .inputOfResponse(input).addTool(weather).promptCacheKey("weather-chat").build());
            List<JournalEntry> sentAll = sandbox.journal().requests(Endpoint.RESPONSES);
            assertThat(turnState(sentAll.get(0))).isNull();
            assertThat(turnState(sentAll.get(1))).startsWith("ts_");
            assertThat(turnState(sentAll.get(2))).isNull();
        }
    }

    @Test
    void aUsageLimitIsARateLimitExceptionWithOurMessageAndIsNotRetried(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 3);
        {
            OpenAIClient client = client(sandbox);
            assertThatThrownBy(() -> client.responses().create(ask("Say hello")))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.getMessage()).contains("You have hit your ChatGPT usage limit").contains("Try again in");
                        assertThat(e.type()).contains("usage_limit_reached");
                        assertThat(e.headers().values("X-Should-Retry")).containsExactly("false");
                    });
        }
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(1);
    }

    @Test
    void aUsageLimitStopsCreateStreamingBeforeAnyEvent(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 3);
        {
            OpenAIClient client = client(sandbox);
            assertThatThrownBy(() -> client.responses().createStreaming(ask("Say hello")).close())
                    .isInstanceOf(RateLimitException.class).hasMessageContaining("usage limit");
        }
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(1);
    }

    @Test
    void anUnauthorizedAnswerRefreshesTheLoginAndSucceeds(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.unauthorized(), 1);
        {
            OpenAIClient client = client(sandbox);
            assertThat(text(client.responses().create(ask("Say hello")))).isEqualTo(ANSWER);
        }
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(2);
    }

    @Test
    void aLoginThatCannotBeRefreshedIsAnUnauthorizedExceptionThatCarriesNoToken(Sandbox sandbox) {
        OpenAIClient client = client(sandbox);
        sandbox.revokeAllTokens();
        assertThatThrownBy(() -> client.responses().create(ask("Say hello")))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.getMessage()).contains("Sign in again");
                    assertThat(e.headers().values("X-Should-Retry")).containsExactly("false");
                    String everything = e.getMessage() + e.body() + e.headers();
                    assertThat(everything).doesNotContain(login.accessToken()).doesNotContain(login.refreshToken())
                            .doesNotContain(login.idToken());
                });
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedByTheSdk(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.status(500), 1);
        {
            OpenAIClient client = client(sandbox);
            assertThat(text(client.responses().create(ask("Say hello")))).isEqualTo(ANSWER);
        }
        // once by the SDK's retry, not three times more by ours
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(2);
    }

    @Test
    void aFatalFailureInTheStreamIsABadRequestForCreate(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.responseFailed("context_length_exceeded",
                "Your input exceeds the context window of this model."), 1);
        {
            OpenAIClient client = client(sandbox);
            assertThatThrownBy(() -> client.responses().create(ask("Say hello")))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.getMessage()).contains("context window").contains("Start a new conversation");
                        assertThat(e.code()).contains("context_length_exceeded");
                    });
        }
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(1);
    }

    @Test
    void aFailureInsideTheStreamIsAnSseExceptionWithOurMessage(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.errorEvent("usage_limit_reached", "The usage limit has been reached"), 1);
        List<ResponseStreamEvent> seen = new ArrayList<>();
        OpenAIClient client = client(sandbox);
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask("Say hello"))) {
            assertThatThrownBy(() -> stream.stream().forEach(seen::add))
                    .isInstanceOfSatisfying(SseException.class, e -> {
                        assertThat(e.getMessage()).contains("You have hit your ChatGPT usage limit");
                        assertThat(e.type()).contains("usage_limit_reached");
                    });
        }
        assertThat(seen).anySatisfy(e -> assertThat(e.created()).isPresent());
    }

    @Test
    void aStreamCutShortIsAnSseExceptionNotASilentEmptyAnswer(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.cutMidEvent(), 1);
        OpenAIClient client = client(sandbox);
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask("Say hello"))) {
            assertThatThrownBy(() -> stream.stream().forEach(e -> { }))
                    .isInstanceOf(SseException.class).hasMessageContaining("ended before the response was complete");
        }
    }

    @Test
    void chatCompletionsFailClearlyAndNothingIsSent(Sandbox sandbox) {
        {
            OpenAIClient client = client(sandbox);
            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(MODEL).addUserMessage("Say hello").build()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("POST /chat/completions is not available on a ChatGPT subscription");
            assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").input("hello").build()))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("not available on a ChatGPT subscription");
        }
        assertThat(sandbox.journal().requests()).isEmpty();
    }

    @Test
    void anExistingClientRunsOnTheSubscriptionWithOptions(Sandbox sandbox) {
        List<String> reachedTheOriginalTransport = new CopyOnWriteArrayList<>();
        HttpClient original = new HttpClient() {
            @Override
            public HttpResponse execute(HttpRequest request, com.openai.core.RequestOptions options) {
                reachedTheOriginalTransport.add(request.url());
                throw new IllegalStateException("the original transport must not be used");
            }

            @Override
            public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, com.openai.core.RequestOptions options) {
                return CompletableFuture.supplyAsync(() -> execute(request, options));
            }

            @Override
            public void close() {
            }
        };
        CodexOpenAI.Builder codex = codex(sandbox);
        OpenAIClient existing = new OpenAIClientImpl(ClientOptions.builder().httpClient(original)
                .apiKey("sk-the-users-real-api-key").build());
        toClose.add(existing::close);
        {
            OpenAIClient onSubscription = existing.withOptions(codex::install);
            toClose.add(onSubscription::close);
            assertThat(text(onSubscription.responses().create(ask("Say hello")))).isEqualTo(ANSWER);
        }
        assertThat(reachedTheOriginalTransport).isEmpty();
        for (JournalEntry entry : sandbox.journal().requests()) {
            assertThat(entry.headers().values()).noneMatch(v -> v.contains("sk-the-users-real-api-key"));
        }
    }
}
