package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResponsesTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder()
            .completedOutput(Sandbox.CompletedOutput.FULL));

    private static String detail(HttpResponse<String> r) {
        return Http.json(r).path("detail").asText();
    }

    private static JsonNode error(HttpResponse<String> r) {
        return Http.json(r).path("error");
    }

    private static ObjectNode weatherTool(ObjectNode tool) {
        tool.put("type", "function").put("name", "get_weather").put("description", "Weather of a city");
        ObjectNode params = tool.putObject("parameters");
        params.put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        params.putArray("required").add("city");
        return tool;
    }

    @Test
    void streamsTheAnswerAsTheCodexBackendDoes(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = backend.respond(backend.classic("Say hello"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<JsonNode> events = Http.events(r.body());
        assertThat(Http.types(events)).containsExactly("response.created", "response.in_progress", "codex.rate_limits",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed");
        String streamed = events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .map(e -> e.path("delta").asText()).reduce("", String::concat);
        assertThat(streamed).isEqualTo("Hello from the Codex sandbox.");
        assertThat(events.get(0).path("sequence_number").asInt()).isZero();
        JsonNode completed = events.get(events.size() - 1).path("response");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("output").get(0).path("content").get(0).path("text").asText())
                .isEqualTo("Hello from the Codex sandbox.");
        assertThat(completed.path("usage").path("total_tokens").asInt()).isPositive();
    }

    @Test
    void sendsRateLimitModelsEtagAndRequestIdHeaders(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = backend.respond(backend.classic("hi"));
        HttpResponse<String> models = Http.get(URI.create(sandbox.backendUrl() + "/codex/models?client_version=0.160.1"),
                backend.headers());

        assertThat(r.headers().firstValue("x-codex-primary-used-percent")).hasValue("12");
        assertThat(r.headers().firstValue("x-codex-primary-window-minutes")).hasValue("300");
        assertThat(r.headers().firstValue("x-codex-secondary-window-minutes")).hasValue("10080");
        assertThat(r.headers().firstValue("x-codex-plan-type")).hasValue("plus");
        assertThat(r.headers().firstValue("x-codex-primary-reset-at")).isPresent();
        assertThat(r.headers().firstValue("x-request-id").orElseThrow()).startsWith("req_");
        assertThat(r.headers().firstValue("OpenAI-Model")).hasValue("gpt-5.5");
        assertThat(r.headers().firstValue("X-Models-Etag")).isEqualTo(models.headers().firstValue("ETag"));
    }

    @Test
    void completedCarriesNoOutputEveryOtherTimeWhenAlternating() {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Backend backend = new Backend(sandbox);
            List<JsonNode> first = Http.events(backend.respond(backend.classic("hi")).body());
            List<JsonNode> second = Http.events(backend.respond(backend.classic("hi")).body());

            assertThat(first.get(first.size() - 1).path("response").path("output").size()).isEqualTo(1);
            assertThat(second.get(second.size() - 1).path("response").path("output").size()).isZero();
            assertThat(Http.types(second)).contains("response.output_item.done");
        }
    }

    @Test
    void streamsAReasoningSummaryWhenAskedAndTheModelSupportsIt(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        ObjectNode body = backend.classic("Think first");
        body.putObject("reasoning").put("effort", "high").put("summary", "auto");

        List<JsonNode> events = Http.events(backend.respond(body).body());

        assertThat(Http.types(events)).contains("response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done");
        JsonNode reasoningDone = events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst().orElseThrow().path("item");
        assertThat(reasoningDone.path("type").asText()).isEqualTo("reasoning");
        assertThat(reasoningDone.path("encrypted_content").asText()).isNotBlank();
        assertThat(reasoningDone.path("summary").get(0).path("text").asText()).isNotBlank();
    }

    @Test
    void callsAnOfferedToolWhenThePromptAsksForItThenAnswersItsOutput(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        ObjectNode body = backend.classic("What is the weather in Paris? Use get_weather.");
        weatherTool(body.putArray("tools").addObject());
        body.put("tool_choice", "auto");

        HttpResponse<String> r = backend.respond(body);

        List<JsonNode> events = Http.events(r.body());
        assertThat(Http.types(events)).contains("response.function_call_arguments.delta",
                "response.function_call_arguments.done").doesNotContain("response.output_text.delta");
        JsonNode call = events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst().orElseThrow().path("item");
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("arguments").asText()).isEqualTo("{\"city\":\"sandbox\"}");
        assertThat(r.headers().firstValue("x-codex-turn-state")).isPresent();

        ObjectNode followUp = backend.classic("What is the weather in Paris? Use get_weather.");
        weatherTool(followUp.putArray("tools").addObject());
        followUp.withArray("input").addObject().put("type", "function_call").put("call_id", call.path("call_id").asText())
                .put("name", "get_weather").put("arguments", call.path("arguments").asText());
        followUp.withArray("input").addObject().put("type", "function_call_output")
                .put("call_id", call.path("call_id").asText()).put("output", "sunny");
        List<JsonNode> answer = Http.events(backend.respond(followUp).body());
        assertThat(Http.types(answer)).contains("response.output_text.delta").doesNotContain("response.function_call_arguments.delta");
    }

    @Test
    void acceptsAResponsesLiteRequest(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = backend.respond(backend.lite("hi"), "x-openai-internal-codex-responses-lite", "true");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.types(Http.events(r.body()))).endsWith("response.completed");
    }

    @Test
    void callsAToolOfferedInAdditionalToolsOfALiteRequest(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        ObjectNode body = backend.lite("please use a tool");
        weatherTool(((ObjectNode) body.withArray("input").get(0)).withArray("tools").addObject());

        List<JsonNode> events = Http.events(backend.respond(body, "x-openai-internal-codex-responses-lite", "true").body());

        assertThat(Http.types(events)).contains("response.function_call_arguments.done");
    }

    @Test
    void refusesALiteModelWithoutTheLiteHeaderAs404(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = backend.respond(backend.lite("hi"));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(error(r).path("message").asText()).isEqualTo("Model not found gpt-5.6-sol");
    }

    @Test
    void refusesTopLevelInstructionsToolsAndAMissingContextForALiteModel(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        String[] lite = {"x-openai-internal-codex-responses-lite", "true"};

        ObjectNode withInstructions = backend.lite("hi").put("instructions", backend.instructions("gpt-5.6-sol"));
        assertThat(backend.respond(withInstructions, lite).statusCode()).isEqualTo(400);
        ObjectNode withTools = backend.lite("hi");
        withTools.putArray("tools");
        assertThat(error(backend.respond(withTools, lite)).path("param").asText()).isEqualTo("tools");
        ObjectNode noContext = backend.lite("hi");
        ((ObjectNode) noContext.path("reasoning")).remove("context");
        HttpResponse<String> r = backend.respond(noContext, lite);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).path("param").asText()).isEqualTo("reasoning.context");
        ObjectNode wrongInstructions = backend.lite("hi");
        ((ObjectNode) wrongInstructions.withArray("input").get(1)).putArray("content").addObject()
                .put("type", "input_text").put("text", "You are a pirate.");
        assertThat(detail(backend.respond(wrongInstructions, lite))).isEqualTo("Instructions are not valid");
    }

    @Test
    void refusesInstructionsThatAreNotTheModelsOwn(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = backend.respond(backend.classic("hi").put("instructions", "You are a pirate."));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"detail\":\"Instructions are not valid\"}");
        ObjectNode none = backend.classic("hi");
        none.remove("instructions");
        assertThat(detail(backend.respond(none))).isEqualTo("Instructions are required");
    }

    @Test
    void acceptsATemplatedModelsInstructionsUnderEveryPersonality(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        ObjectNode body = backend.classic("hi").put("model", "gpt-6-astra");
        body.put("instructions", backend.instructions("gpt-6-astra"));

        assertThat(backend.respond(body).statusCode()).isEqualTo(200);
        assertThat(backend.respond(body.put("instructions", "You are Codex (sandbox gpt-6-astra).\n\nBe terse and "
                + "practical.\n\nWork carefully and report what you changed.")).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesStoreTrue(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = backend.respond(backend.classic("hi").put("store", true));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(detail(r)).isEqualTo("Store must be set to false");
    }

    @Test
    void refusesInputItemsWithIdsAsNotFound(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        ObjectNode body = backend.classic("hi");
        body.withArray("input").addObject().put("type", "reasoning").put("id", "rs_123").putArray("summary");

        HttpResponse<String> r = backend.respond(body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).path("message").asText()).startsWith("Item with id 'rs_123' not found.");
        ObjectNode reference = backend.classic("hi");
        reference.withArray("input").addObject().put("type", "item_reference").put("id", "msg_9");
        assertThat(error(backend.respond(reference)).path("message").asText()).startsWith("Item with id 'msg_9' not found.");
    }

    @Test
    void refusesAModelOutsideTheAccountsCatalog(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = backend.respond(backend.classic("hi").put("model", "gpt-5.1-codex"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(detail(r)).isEqualTo("The 'gpt-5.1-codex' model is not supported when using Codex with a ChatGPT account.");
    }

    @Test
    void answersModelNotFoundToAForeignOriginator(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        String[] headers = backend.headers();
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equals("originator")) {
                headers[i + 1] = "my_own_app";
            }
        }

        HttpResponse<String> r = Http.postJson(backend.responsesUrl(), backend.classic("hi"), headers);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(error(r).path("message").asText()).isEqualTo("Model not found gpt-5.5");
    }

    @Test
    void asksForANewerCodexWhenTheVersionIsBelowTheModelsMinimum(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        ObjectNode body = backend.classic("hi").put("model", "gpt-6-astra").put("instructions", backend.instructions("gpt-6-astra"));
        String[] headers = backend.headers();
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equals("version")) {
                headers[i + 1] = "0.159.9";
            }
        }

        HttpResponse<String> r = Http.postJson(backend.responsesUrl(), body, headers);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(detail(r)).contains("requires a newer version of Codex");
    }

    @Test
    void refusesUnsupportedParametersAndLevels(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        assertThat(error(backend.respond(backend.classic("hi").put("temperature", 0.2))).path("param").asText())
                .isEqualTo("temperature");
        assertThat(error(backend.respond(backend.classic("hi").put("max_output_tokens", 10))).path("param").asText())
                .isEqualTo("max_output_tokens");
        ObjectNode ultra = backend.classic("hi");
        ultra.putObject("reasoning").put("effort", "max");
        assertThat(error(backend.respond(ultra)).path("code").asText()).isEqualTo("unsupported_value");
        ObjectNode context = backend.classic("hi");
        context.putObject("reasoning").put("context", "all_turns");
        assertThat(backend.respond(context).statusCode()).isEqualTo(400);
        assertThat(detail(backend.respond(backend.classic("hi").put("stream", false)))).isEqualTo("Stream must be set to true");
    }

    @Test
    void refusesAMissingExpiredOrForeignAccountToken(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        assertThat(Http.postJson(backend.responsesUrl(), backend.classic("hi")).statusCode()).isEqualTo(401);
        String[] otherAccount = backend.headers();
        for (int i = 0; i < otherAccount.length; i += 2) {
            if (otherAccount[i].equals("ChatGPT-Account-ID")) {
                otherAccount[i + 1] = "acc-someone-else";
            }
        }
        assertThat(Http.postJson(backend.responsesUrl(), backend.classic("hi"), otherAccount).statusCode()).isEqualTo(403);
        ObjectNode body = backend.classic("hi");
        sandbox.revokeAllTokens();
        assertThat(backend.respond(body).statusCode()).isEqualTo(401);
    }

    @Test
    void theJournalKeepsBackendBodiesAsSentAndMasksTheBearer(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        backend.respond(backend.classic("journal me"));

        JournalEntry entry = sandbox.journal().last(Endpoint.RESPONSES);

        assertThat(entry.body()).contains("journal me");
        assertThat(entry.header("authorization")).isEqualTo("Bearer ***");
        assertThat(entry.header("ChatGPT-Account-ID")).isEqualTo(sandbox.account().accountId());
        assertThat(entry.toString()).doesNotContain(backend.creds.accessToken());
    }

    @Test
    void cutsTheAnswerIntoConfiguredDeltasAndSplitsWritesInsideCharacters() {
        try (Sandbox sandbox = Sandbox.builder().answer("Grüße – ünïcödé ✓").deltaSize(3).writeChunkBytes(5).start()) {
            Backend backend = new Backend(sandbox);

            List<JsonNode> events = Http.events(backend.respond(backend.classic("hi")).body());

            List<String> deltas = events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                    .map(e -> e.path("delta").asText()).toList();
            assertThat(deltas).startsWith("Grü", "ße ", "– ü");
            assertThat(String.join("", deltas)).isEqualTo("Grüße – ünïcödé ✓");
        }
    }

    @Test
    void canInterleaveKeepalivesAsProxiesAndTheBackendDo() {
        try (Sandbox sandbox = Sandbox.builder().keepalives(true).start()) {
            Backend backend = new Backend(sandbox);

            HttpResponse<String> r = backend.respond(backend.classic("hi"));

            assertThat(r.body()).contains("\n: keepalive\n");
            assertThat(Http.types(Http.events(r.body()))).contains("keepalive").endsWith("response.completed");
        }
    }

    @Test
    void callsACustomToolWithStreamedInput(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        ObjectNode body = backend.classic("Fix it with apply_patch");
        body.putArray("tools").addObject().put("type", "custom").put("name", "apply_patch")
                .put("description", "Edit files");

        List<JsonNode> events = Http.events(backend.respond(body).body());

        String streamed = events.stream().filter(e -> e.path("type").asText().equals("response.custom_tool_call_input.delta"))
                .map(e -> e.path("delta").asText()).reduce("", String::concat);
        JsonNode item = events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst().orElseThrow().path("item");
        assertThat(item.path("type").asText()).isEqualTo("custom_tool_call");
        assertThat(item.path("input").asText()).isEqualTo(streamed).startsWith("*** Begin Patch");
    }

    @Test
    void answersOtherMethodsWith405(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = Http.get(backend.responsesUrl(), backend.headers());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }
}
