package dev.codexauth.http.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.Conversation;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.codex.Usage;
import dev.codexauth.config.Settings;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.error.UsageLimitException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.JournalEntry;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against the sandbox's Codex backend over real HTTP: answers, shapes, and every scripted fault. */
class HttpCodexClientSandboxTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "Hello from the Codex sandbox.";

    private static InstructionSource catalog(Sandbox sandbox) {
        return TestParts.source(sandbox.catalogJson());
    }

    private static HttpCodexClient client(Sandbox sandbox) {
        return client(sandbox, sandbox.settings().build());
    }

    private static HttpCodexClient client(Sandbox sandbox, Settings settings) {
        return client(sandbox, settings, CredentialsProvider.fixed(sandbox.mintCredentials()));
    }

    private static HttpCodexClient client(Sandbox sandbox, Settings settings, CredentialsProvider credentials) {
        return HttpCodexClient.builder(settings).credentials(credentials).instructions(catalog(sandbox))
                .retryBackoff(Duration.ofMillis(5)).build();
    }

    /** A provider whose login the backend refuses once, then hands out a fresh one. */
    private static CredentialsProvider refreshing(Sandbox sandbox, AtomicInteger refreshes) {
        Credentials first = sandbox.mintCredentials();
        return new CredentialsProvider() {
            @Override
            public Credentials credentials() {
                return first;
            }

            @Override
            public Credentials afterUnauthorized(Credentials rejected) {
                refreshes.incrementAndGet();
                return sandbox.mintCredentials();
            }
        };
    }

    private static ResponsesRequest ask(String model, String text) {
        return ResponsesRequest.ofText(model, text);
    }

    /** Arms {@code fault} once on the Responses endpoint, asks "Hi", and returns what the client threw. */
    private static AbstractThrowableAssert<?, ? extends Throwable> askingHiFailsAfter(Sandbox sandbox, Fault fault) {
        sandbox.faults().arm(Endpoint.RESPONSES, fault, 1);
        try (HttpCodexClient client = client(sandbox)) {
            return assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi")));
        }
    }

    private static ObjectNode withWeatherTool(ObjectNode body) {
        ObjectNode tool = body.putArray("tools").addObject().put("type", "function").put("name", "get_weather");
        ObjectNode params = tool.putObject("parameters").put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        return body;
    }

    // --- answers

    @Test
    void streamsTheAnswerAsTextDeltas(Sandbox sandbox) {
        try (HttpCodexClient client = client(sandbox); ResponseStream stream = client.stream(ask("gpt-5.5", "Hi"))) {
            StringBuilder text = new StringBuilder();
            List<String> types = new ArrayList<>();
            for (ResponseEvent event : stream) {
                types.add(event.type());
                if (event instanceof ResponseEvent.TextDelta d) {
                    text.append(d.delta());
                }
            }
            assertThat(text.toString()).isEqualTo(ANSWER);
            assertThat(types).startsWith("response.created").endsWith("response.completed").contains("codex.rate_limits");
            assertThat(types.stream().filter(t -> t.equals("response.output_text.delta")).count()).isGreaterThan(1);
            assertThat(stream.finalResponse().outputText()).isEqualTo(ANSWER);
        }
    }

    @Test
    void finalResponseIsAssembledWhenCompletedCarriesNoOutput() {
        try (Sandbox sandbox = Sandbox.builder().completedOutput(Sandbox.CompletedOutput.EMPTY).start();
             HttpCodexClient client = client(sandbox)) {
            CodexResponse r = client.respond(ask("gpt-5.5", "Hi"));
            assertThat(r.outputText()).isEqualTo(ANSWER);
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.id()).startsWith("resp_");
            assertThat(r.output()).isNotEmpty();
            assertThat(r.response().path("output")).isNotEmpty();
            assertThat(r.usage().path("total_tokens").asInt()).isPositive();
        }
    }

    @Test
    void reasoningSummaryStreamsAndEndsInTheResponse(Sandbox sandbox) {
        try (HttpCodexClient client = client(sandbox); ResponseStream stream = client.stream(ask("gpt-5.5", "Think"))) {
            StringBuilder summary = new StringBuilder();
            for (ResponseEvent e : stream) {
                if (e instanceof ResponseEvent.ReasoningSummaryDelta d) {
                    summary.append(d.delta());
                }
            }
            CodexResponse r = stream.finalResponse();
            assertThat(summary).isNotEmpty();
            assertThat(r.reasoningSummary()).isEqualTo(summary.toString());
            JsonNode reasoning = r.output().get(0);
            assertThat(reasoning.path("type").asText()).isEqualTo("reasoning");
            assertThat(reasoning.path("encrypted_content").asText()).isNotEmpty();
        }
        JsonNode sent = sentBody(sandbox);
        assertThat(sent.path("reasoning").path("summary").asText()).isEqualTo("auto");
        assertThat(sent.path("include").toString()).contains("reasoning.encrypted_content");
    }

    @Test
    void functionCallArgumentsStreamAndTheTurnGoesOnWithItsState(Sandbox sandbox) {
        try (HttpCodexClient client = client(sandbox)) {
            Conversation conversation = Conversation.start(withWeatherTool(JSON.createObjectNode().put("model", "gpt-5.5")));
            StringBuilder args = new StringBuilder();
            CodexResponse first;
            try (ResponseStream stream = client.stream(conversation.ask("Please call get_weather for Paris"))) {
                for (ResponseEvent e : stream) {
                    if (e instanceof ResponseEvent.ToolInputDelta d) {
                        args.append(d.delta());
                    }
                }
                first = stream.finalResponse();
            }
            JsonNode call = first.toolCalls().get(0);
            assertThat(call.path("name").asText()).isEqualTo("get_weather");
            assertThat(call.path("arguments").asText()).isEqualTo(args.toString()).contains("city");
            assertThat(first.turnState()).isPresent();
            conversation.record(first);

            conversation.toolOutput(call.path("call_id").asText(), "{\"temp\":\"18C\"}");
            CodexResponse second = client.respond(conversation.next());
            conversation.record(second);
            client.respond(conversation.ask("Thanks"));

            List<JsonNode> responses = sandbox.journal().requests(Endpoint.RESPONSES).stream().map(HttpCodexClientSandboxTest::body).toList();
            List<JournalEntry> entries = sandbox.journal().requests(Endpoint.RESPONSES);
            assertThat(entries.get(0).header("x-codex-turn-state")).isNull();
            assertThat(entries.get(1).header("x-codex-turn-state")).isEqualTo(first.turnState().orElseThrow());
            assertThat(entries.get(2).header("x-codex-turn-state")).isNull();
            assertThat(responses).allSatisfy(b -> assertThat(b.path("prompt_cache_key").asText()).isEqualTo(conversation.id().toString()));
            assertThat(responses.get(1).path("input")).extracting(i -> i.path("type").asText())
                    .contains("function_call", "function_call_output");
            assertThat(responses.get(1).path("tool_choice").asText()).isEqualTo("auto");
        }
    }

    @Test
    void liteModelsGetTheirShapeAndHeader(Sandbox sandbox) {
        try (HttpCodexClient client = client(sandbox)) {
            ObjectNode body = withWeatherTool(JSON.createObjectNode().put("model", "gpt-5.6-sol"));
            body.putArray("input").addObject().put("type", "message").put("role", "user")
                    .putArray("content").addObject().put("type", "input_text").put("text", "Hello");
            assertThat(client.respond(ResponsesRequest.of(body)).outputText()).isEqualTo(ANSWER);
        }
        JournalEntry sent = sandbox.journal().last(Endpoint.RESPONSES);
        assertThat(sent.header("x-openai-internal-codex-responses-lite")).isEqualTo("true");
        assertThat(body(sent).path("input").get(0).path("type").asText()).isEqualTo("additional_tools");
    }

    @Test
    void topPReachesTheBackendAndIsAccepted(Sandbox sandbox) {
        ObjectNode body = JSON.createObjectNode().put("model", "gpt-5.5").put("top_p", 0.5);
        body.putArray("input").addObject().put("type", "message").put("role", "user")
                .putArray("content").addObject().put("type", "input_text").put("text", "Hello");
        try (HttpCodexClient client = client(sandbox)) {
            assertThat(client.respond(ResponsesRequest.of(body)).outputText()).isEqualTo(ANSWER);
        }
        assertThat(sentBody(sandbox).path("top_p").asDouble()).isEqualTo(0.5);
    }

    @Test
    void templatedInstructionsAreAccepted(Sandbox sandbox) {
        try (HttpCodexClient client = client(sandbox)) {
            assertThat(client.respond(ask("gpt-6-astra", "Hi")).outputText()).isEqualTo(ANSWER);
        }
    }

    @Test
    void sendsOnlyTheHeadersOfTheSpecWithOneConversationId(Sandbox sandbox) {
        ResponsesRequest request = ask("gpt-5.5", "Hi");
        try (HttpCodexClient client = client(sandbox)) {
            client.respond(request);
        }
        JournalEntry sent = sandbox.journal().last(Endpoint.RESPONSES);
        String id = request.conversationId().toString();
        assertThat(sent.header("session-id")).isEqualTo(id);
        assertThat(sent.header("thread-id")).isEqualTo(id);
        assertThat(sent.header("x-client-request-id")).isEqualTo(id);
        assertThat(body(sent).path("prompt_cache_key").asText()).isEqualTo(id);
        assertThat(sent.header("originator")).isEqualTo("codex_cli_rs");
        assertThat(sent.header("version")).isEqualTo(Settings.DEFAULT_CLIENT_VERSION);
        assertThat(sent.header("User-Agent")).isEqualTo("codex_cli_rs/" + Settings.DEFAULT_CLIENT_VERSION);
        Set<String> names = sent.headers().keySet().stream().map(String::toLowerCase).collect(Collectors.toSet());
        Set<String> transport = Set.of("host", "content-length", "connection", "accept-encoding", "content-type", "accept",
                "transfer-encoding");
        Set<String> spec = Set.of("authorization", "chatgpt-account-id", "originator", "version", "user-agent",
                "session-id", "thread-id", "x-client-request-id");
        assertThat(names).allSatisfy(n -> assertThat(transport.contains(n) || spec.contains(n)).as(n).isTrue());
        assertThat(sent.body()).doesNotContain("codex-auth", "0.1.0");
    }

    @Test
    void rateLimitsAreExposedOnEveryResponse(Sandbox sandbox) {
        try (HttpCodexClient client = client(sandbox); ResponseStream stream = client.stream(ask("gpt-5.5", "Hi"))) {
            assertThat(stream.rateLimits()).isNotNull();
            assertThat(stream.rateLimits().planType()).isEqualTo(sandbox.account().planType());
            assertThat(stream.headers().requestId()).startsWith("req_");
            assertThat(stream.headers().servedModel()).isEqualTo("gpt-5.5");
            CodexResponse r = stream.finalResponse();
            assertThat(r.rateLimits().primary()).isNotNull();
        }
    }

    @Test
    void callerHasTheFirstDeltaBeforeTheSandboxSendsTheRest(Sandbox sandbox) {
        CountDownLatch release = new CountDownLatch(1);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.holdAfterFirstDelta(release), 1);
        try (HttpCodexClient client = client(sandbox); ResponseStream stream = client.stream(ask("gpt-5.5", "Hi"))) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Iterator<ResponseEvent> events = stream.iterator();
                ResponseEvent e;
                do {
                    e = events.next();
                } while (!(e instanceof ResponseEvent.TextDelta));
                assertThat(release.getCount()).isEqualTo(1); // the server is still holding the rest
                assertThat(ANSWER).startsWith(((ResponseEvent.TextDelta) e).delta());
                release.countDown();
                assertThat(stream.finalResponse().outputText()).isEqualTo(ANSWER);
            });
        } finally {
            release.countDown();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // a hang guard only: the assertions are about order, not time
    void closingMidStreamCancels(Sandbox sandbox) {
        CountDownLatch release = new CountDownLatch(1);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.holdAfterFirstDelta(release), 1);
        try (HttpCodexClient client = client(sandbox)) {
            ResponseStream stream = client.stream(ask("gpt-5.5", "Hi"));
            Iterator<ResponseEvent> events = stream.iterator();
            while (!(events.next() instanceof ResponseEvent.TextDelta)) {
                // up to the first delta
            }
            stream.close();
            // close returned while the sandbox still holds the rest: it cut the connection, it did not read on
            assertThat(release.getCount()).isEqualTo(1);
            assertThatThrownBy(events::hasNext).isInstanceOf(TransientException.class).hasMessageContaining("closed");
            // the client still works afterwards
            release.countDown();
            assertThat(client.respond(ask("gpt-5.5", "Again")).outputText()).isEqualTo(ANSWER);
        } finally {
            release.countDown();
        }
    }

    // --- faults

    @Test
    void usageLimitSaysThePlanAndWhenItResets(Sandbox sandbox) {
        askingHiFailsAfter(sandbox, Fault.usageLimit()).isInstanceOfSatisfying(UsageLimitException.class, e -> {
            assertThat(e.getMessage()).matches("You have hit your ChatGPT usage limit \\("
                    + sandbox.account().planType() + " plan\\)\\. Try again in ~4[12] min\\.");
            assertThat(e.planType()).contains(sandbox.account().planType());
            assertThat(e.usedPercent()).contains(100.0);
            assertThat(e.resetsAt()).isPresent();
        });
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(1);
    }

    @Test
    void usageLimitAnsweredAs404IsStillAUsageLimit(Sandbox sandbox) {
        askingHiFailsAfter(sandbox, Fault.usageLimitAs404()).isInstanceOf(UsageLimitException.class)
                .hasMessageStartingWith("You have hit your ChatGPT usage limit");
    }

    @Test
    void planWithoutCodexIsSaidPlainly(Sandbox sandbox) {
        askingHiFailsAfter(sandbox, Fault.usageNotIncluded()).isInstanceOfSatisfying(UsageLimitException.class,
                e -> assertThat(e.type()).isEqualTo("usage_not_included")).hasMessageContaining("does not include Codex");
    }

    @Test
    void serverErrorIsRetriedAndThenSucceeds(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.status(500), 1);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.overloaded(), 1);
        try (HttpCodexClient client = client(sandbox)) {
            assertThat(client.respond(ask("gpt-5.5", "Hi")).outputText()).isEqualTo(ANSWER);
        }
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(3);
    }

    @Test
    void persistentServerErrorsGiveUpAfterBoundedRetriesKeepingTheRequestId(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.overloaded(), 5);
        try (HttpCodexClient client = client(sandbox)) {
            assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi"))).isInstanceOf(TransientException.class)
                    .hasMessageContaining("503").hasMessageContaining("request id req_");
        }
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(3);
    }

    @Test
    void connectionClosedWithoutAnswerIsRetried(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.closeWithoutResponse(), 1);
        try (HttpCodexClient client = client(sandbox)) {
            assertThat(client.respond(ask("gpt-5.5", "Hi")).outputText()).isEqualTo(ANSWER);
        }
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(2);
    }

    @Test
    void slowFirstByteHitsTheFirstByteTimeout(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.delay(Duration.ofSeconds(3)), 1);
        Settings settings = sandbox.settings().firstByteTimeout(Duration.ofMillis(300)).build();
        try (HttpCodexClient client = client(sandbox, settings)) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi")))
                    .isInstanceOf(TransientException.class).hasMessageContaining("first-byte timeout"));
        }
    }

    @Test
    void heldStreamHitsTheIdleTimeout(Sandbox sandbox) {
        CountDownLatch release = new CountDownLatch(1);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.holdAfterFirstDelta(release), 1);
        Settings settings = sandbox.settings().idleTimeout(Duration.ofMillis(300)).build();
        try (HttpCodexClient client = client(sandbox, settings)) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi")))
                    .isInstanceOf(TransientException.class).hasMessageContaining("idle timeout"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void streamCutMidEventIsAnErrorNotAnEmptyAnswer(Sandbox sandbox) {
        askingHiFailsAfter(sandbox, Fault.cutMidEvent()).isInstanceOf(TransientException.class)
                .hasMessageContaining("ended before the response was complete");
    }

    @Test
    void rateLimitFailureInTheStreamIsRetryableWithTheServersDelay(Sandbox sandbox) {
        Fault rateLimited = Fault.responseFailed("rate_limit_exceeded", "Rate limit reached. Please try again in 11.054s.");
        askingHiFailsAfter(sandbox, rateLimited).isInstanceOfSatisfying(TransientException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(11_054))).hasMessageContaining("try again in 11.054s");
    }

    @Test
    void contextLengthFailureIsFatalWithTheServersMessage(Sandbox sandbox) {
        Fault tooLong = Fault.responseFailed("context_length_exceeded", "Your input exceeds the context window of this model.");
        askingHiFailsAfter(sandbox, tooLong).isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("Your input exceeds the context window of this model.");
    }

    @Test
    void errorEventBecomesAnErrorWithTheServersMessage(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.errorEvent("server_error", "The server had an error processing your request."), 1);
        try (HttpCodexClient client = client(sandbox); ResponseStream stream = client.stream(ask("gpt-5.5", "Hi"))) {
            List<ResponseEvent> seen = new ArrayList<>();
            assertThatThrownBy(() -> stream.forEach(seen::add)).isInstanceOf(TransientException.class)
                    .hasMessageContaining("The server had an error processing your request.").hasMessageContaining("server_error");
            assertThat(seen).isNotEmpty();
        }
    }

    @Test
    void malformedDataLineIsSkipped(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.malformedData(), 1);
        try (HttpCodexClient client = client(sandbox)) {
            assertThat(client.respond(ask("gpt-5.5", "Hi")).outputText()).isEqualTo(ANSWER);
        }
    }

    @Test
    void unauthorizedRefreshesTheLoginAndRetriesOnce(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.unauthorized(), 1);
        AtomicInteger refreshes = new AtomicInteger();
        try (HttpCodexClient client = client(sandbox, sandbox.settings().build(), refreshing(sandbox, refreshes))) {
            assertThat(client.respond(ask("gpt-5.5", "Hi")).outputText()).isEqualTo(ANSWER);
        }
        assertThat(refreshes).hasValue(1);
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(2);
    }

    @Test
    void revokedLoginEndsInSignInRequiredAfterOneRefresh(Sandbox sandbox) {
        AtomicInteger refreshes = new AtomicInteger();
        CredentialsProvider provider = refreshing(sandbox, refreshes);
        sandbox.revokeAllTokens();
        CredentialsProvider revokedAlways = new CredentialsProvider() {
            @Override
            public Credentials credentials() {
                return provider.credentials();
            }

            @Override
            public Credentials afterUnauthorized(Credentials rejected) {
                refreshes.incrementAndGet();
                return rejected;
            }
        };
        try (HttpCodexClient client = client(sandbox, sandbox.settings().build(), revokedAlways)) {
            assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi"))).isInstanceOf(SignInRequiredException.class);
        }
        assertThat(refreshes).hasValue(1);
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(2);
    }

    @Test
    void fixedCredentialsThatAreRefusedSayToSignInAgain(Sandbox sandbox) {
        askingHiFailsAfter(sandbox, Fault.unauthorized()).isInstanceOf(SignInRequiredException.class)
                .hasMessageContaining("Sign in again");
    }

    // --- model errors of the backend

    @Test
    void tooOldClientVersionSaysWhichSettingToRaise(Sandbox sandbox) {
        Settings settings = sandbox.settings().clientVersion("0.150.0").build();
        try (HttpCodexClient client = client(sandbox, settings)) {
            assertThatThrownBy(() -> client.respond(ask("gpt-6-astra", "Hi"))).isInstanceOfSatisfying(RequestRejectedException.class,
                    e -> assertThat(e.requestId()).isPresent())
                    .hasMessageContaining("newer Codex client version than 0.150.0").hasMessageContaining(Settings.CLIENT_VERSION);
        }
    }

    @Test
    void foreignOriginatorGetsModelNotFoundWithAHint(Sandbox sandbox) {
        Settings settings = sandbox.settings().originator("my_app").build();
        try (HttpCodexClient client = client(sandbox, settings)) {
            assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi"))).isInstanceOf(RequestRejectedException.class)
                    .hasMessageContaining("originator my_app").hasMessageContaining(Settings.ORIGINATOR);
        }
    }

    @Test
    void modelTheBackendDoesNotOfferIsNamedWithAlternatives(Sandbox sandbox) throws Exception {
        ObjectNode catalog = (ObjectNode) JSON.readTree(sandbox.catalogJson());
        ((com.fasterxml.jackson.databind.node.ArrayNode) catalog.path("models")).addObject().put("slug", "gpt-9-retired")
                .put("priority", 99).put("visibility", "list").put("base_instructions", "Old.");
        try (HttpCodexClient client = HttpCodexClient.builder(sandbox.settings().build())
                .credentials(CredentialsProvider.fixed(sandbox.mintCredentials()))
                .instructions(TestParts.source(JSON.writeValueAsBytes(catalog))).build()) {
            assertThatThrownBy(() -> client.respond(ask("gpt-9-retired", "Hi"))).isInstanceOf(RequestRejectedException.class)
                    .hasMessageContaining("'gpt-9-retired' is not available with a ChatGPT sign-in").hasMessageContaining("gpt-5.5");
        }
    }

    // --- usage

    @Test
    void usageReturnsThePlanWindowsAndCredits(Sandbox sandbox) {
        try (HttpCodexClient client = client(sandbox)) {
            Usage usage = client.usage();
            assertThat(usage.planType()).isEqualTo(sandbox.account().planType());
            assertThat(usage.primary()).isNotNull();
            assertThat(usage.primary().windowMinutes()).isPositive();
            assertThat(usage.secondary()).isNotNull();
            assertThat(usage.rateLimits().planType()).isEqualTo(usage.planType());
        }
        JournalEntry sent = sandbox.journal().last(Endpoint.USAGE);
        assertThat(sent.header("User-Agent")).isEqualTo("codex_cli_rs/" + Settings.DEFAULT_CLIENT_VERSION);
        assertThat(sent.header("ChatGPT-Account-ID")).isEqualTo(sandbox.account().accountId());
    }

    @Test
    void oneTransportServesManyClientsAndRequests(Sandbox sandbox) throws Exception {
        Settings settings = sandbox.settings().build();
        try (HttpTransport transport = HttpTransport.create(settings);
             HttpCodexClient client = HttpCodexClient.builder(settings).transport(transport)
                     .credentials(CredentialsProvider.fixed(sandbox.mintCredentials())).instructions(catalog(sandbox)).build()) {
            List<java.util.concurrent.CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> client.respond(ask("gpt-5.5", "Hi")).outputText()));
            }
            for (var a : answers) {
                assertThat(a.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ANSWER);
            }
        }
    }

    private static JsonNode sentBody(Sandbox sandbox) {
        return body(sandbox.journal().last(Endpoint.RESPONSES));
    }

    private static JsonNode body(JournalEntry entry) {
        try {
            return JSON.readTree(entry.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // --- logging

    @Test
    void withLoggingOnNoTokenOfAnyLoginReachesTheLogsOrTheConsole(Sandbox sandbox, @org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        List<Credentials> logins = new java.util.concurrent.CopyOnWriteArrayList<>();
        Credentials first = sandbox.mintCredentials();
        logins.add(first);
        CredentialsProvider provider = new CredentialsProvider() {
            @Override
            public Credentials credentials() {
                return first;
            }

            @Override
            public Credentials afterUnauthorized(Credentials rejected) {
                Credentials fresh = sandbox.mintCredentials();
                logins.add(fresh);
                return fresh;
            }
        };
        Settings settings = sandbox.settings().home(home).requestLogging(true).debug(true).build();
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream out = new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8);
             HttpCodexClient client = HttpCodexClient.builder(settings).credentials(provider).instructions(catalog(sandbox))
                     .console(out).retryBackoff(Duration.ofMillis(5)).build()) {
            client.respond(ask("gpt-5.5", "Hi"));
            sandbox.faults().arm(Endpoint.RESPONSES, Fault.unauthorized(), 1);
            client.respond(ask("gpt-5.6-sol", "Hi again"));
            sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 1);
            assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi"))).isInstanceOf(UsageLimitException.class);
            sandbox.faults().arm(Endpoint.RESPONSES, Fault.cutMidEvent(), 1);
            assertThatThrownBy(() -> client.respond(ask("gpt-5.5", "Hi"))).isInstanceOf(TransientException.class);
            client.usage();
        }
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(settings.logDir())) {
            files = list.toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString().replaceAll("request-\\d+-", ""))
                .contains("before-transform.json", "after-transform.json", "response.json", "error-response.json",
                        "stream-full.json", "stream-error.json");
        StringBuilder everything = new StringBuilder(console.toString(java.nio.charset.StandardCharsets.UTF_8));
        for (java.nio.file.Path f : files) {
            everything.append(java.nio.file.Files.readString(f));
        }
        assertThat(logins).hasSize(2);
        assertThat(everything).contains("gpt-5.5", "[codex-auth] request");
        for (Credentials c : logins) {
            assertThat(everything.toString()).doesNotContain(c.accessToken(), c.refreshToken(), c.idToken(), c.accountId());
        }
        assertThat(everything.toString()).doesNotContain("eyJ");
    }

    // --- Flow.Publisher

    @Test
    void publisherDeliversEveryEventThenCompletes(Sandbox sandbox) throws Exception {
        try (HttpCodexClient client = client(sandbox)) {
            List<ResponseEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            client.publisher(ask("gpt-5.5", "Hi")).subscribe(new java.util.concurrent.Flow.Subscriber<>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ResponseEvent item) {
                    events.add(item);
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    done.complete(null);
                }
            });
            done.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(events.get(events.size() - 1)).isInstanceOf(ResponseEvent.Completed.class);
            assertThat(events.stream().filter(e -> e instanceof ResponseEvent.TextDelta)
                    .map(e -> ((ResponseEvent.TextDelta) e).delta()).collect(Collectors.joining())).isEqualTo(ANSWER);
        }
    }

    @Test
    void publisherReportsAFailureAsOnError(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 1);
        try (HttpCodexClient client = client(sandbox)) {
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            client.publisher(ask("gpt-5.5", "Hi")).subscribe(new java.util.concurrent.Flow.Subscriber<>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    s.request(1);
                }

                @Override
                public void onNext(ResponseEvent item) {
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    done.complete(null);
                }
            });
            assertThatThrownBy(() -> done.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UsageLimitException.class);
        }
    }

    @Test
    void usageRefreshesTheLoginOnceWhenRefused(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.USAGE, Fault.unauthorized(), 1);
        AtomicInteger refreshes = new AtomicInteger();
        try (HttpCodexClient client = client(sandbox, sandbox.settings().build(), refreshing(sandbox, refreshes))) {
            assertThat(client.usage().planType()).isEqualTo(sandbox.account().planType());
        }
        assertThat(refreshes).hasValue(1);
        assertThat(sandbox.journal().count(Endpoint.USAGE)).isEqualTo(2);
    }

    @Test
    void usageFailureSaysWhatHappened(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.USAGE, Fault.status(500), 1);
        try (HttpCodexClient client = client(sandbox)) {
            assertThatThrownBy(client::usage).isInstanceOf(TransientException.class).hasMessageContaining("HTTP 500");
        }
    }
}
