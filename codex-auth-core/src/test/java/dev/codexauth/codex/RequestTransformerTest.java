package dev.codexauth.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.config.ModelOptions;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.instructions.ModelCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request rules of SPEC §7, one test per rule. */
class RequestTransformerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID CONVERSATION = UUID.fromString("6f1c2a3b-0000-4000-8000-000000000001");

    static final String CATALOG = """
            {"models":[
              {"slug":"gpt-5.5","priority":1,"visibility":"list","default_reasoning_level":"medium",
               "supported_reasoning_levels":[{"effort":"low"},{"effort":"medium"},{"effort":"high"},{"effort":"xhigh"}],
               "supports_reasoning_summaries":true,"default_reasoning_summary":"auto",
               "support_verbosity":true,"default_verbosity":"low","base_instructions":"You are Codex 5.5."},
              {"slug":"gpt-5.6-sol","priority":2,"visibility":"list","default_reasoning_level":"high",
               "supported_reasoning_levels":[{"effort":"low"},{"effort":"medium"},{"effort":"high"},{"effort":"max"}],
               "supports_reasoning_summary_parameter":true,"support_verbosity":true,"default_verbosity":"medium",
               "use_responses_lite":true,"base_instructions":"You are Sol."},
              {"slug":"gpt-6-astra","priority":3,"visibility":"list","default_reasoning_level":"low",
               "supported_reasoning_levels":[{"effort":"none"},{"effort":"low"},{"effort":"high"}],
               "supports_reasoning_summaries":false,"support_verbosity":false,
               "model_messages":{"instructions_template":"Astra. {{ personality }} End.",
                 "instructions_variables":{"personality_default":"Be balanced.","personality_friendly":"Be warm."}}},
              {"slug":"plain-model","priority":9,"visibility":"hide"}
            ]}""";

    private static ModelCatalog catalog() {
        return ModelCatalog.parse(CATALOG.getBytes(StandardCharsets.UTF_8), "test", null, Instant.EPOCH);
    }

    private static Settings.Builder settings() {
        return Settings.builder(new Properties(), Map.of());
    }

    private static ObjectNode send(String body) {
        return send(body, settings().build());
    }

    private static ObjectNode send(String body, Settings settings) {
        try {
            ObjectNode request = (ObjectNode) JSON.readTree(body);
            return new RequestTransformer(settings).transform(new ResponsesRequest(request, CONVERSATION), catalog()).body();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // --- model and identity of the body

    @Test
    void modelIsTheCatalogSlugFoundByPrefixOrNamespace() {
        assertThat(send("{\"model\":\"gpt-5.5\"}").path("model").asText()).isEqualTo("gpt-5.5");
        assertThat(send("{\"model\":\"openai/gpt-5.5\"}").path("model").asText()).isEqualTo("gpt-5.5");
        assertThat(send("{\"model\":\"GPT-5.5-high\"}").path("model").asText()).isEqualTo("gpt-5.5");
    }

    @Test
    void missingModelUsesTheCatalogDefault() {
        assertThat(send("{}").path("model").asText()).isEqualTo("gpt-5.5");
    }

    @Test
    void unknownModelIsRejectedWithTheModelsToPickFrom() {
        assertThatThrownBy(() -> send("{\"model\":\"codex-mini-latest\"}"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("codex-mini-latest").hasMessageContaining("gpt-5.5, gpt-5.6-sol, gpt-6-astra");
    }

    @Test
    void modelWithoutInstructionsIsAConfigurationErrorNotARequestWithout() {
        assertThatThrownBy(() -> send("{\"model\":\"plain-model\"}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no instructions");
    }

    @Test
    void storeIsFalseAndStreamIsTrueWhateverTheCallerSaid() {
        ObjectNode body = send("{\"model\":\"gpt-5.5\",\"store\":true,\"stream\":false}");
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("stream").asBoolean(false)).isTrue();
    }

    @Test
    void instructionsAreTheModelsBaseInstructions() {
        assertThat(send("{\"model\":\"gpt-5.5\"}").path("instructions").asText()).isEqualTo("You are Codex 5.5.");
    }

    @Test
    void instructionsTemplateTakesThePersonalityFromSettings() {
        assertThat(send("{\"model\":\"gpt-6-astra\"}").path("instructions").asText()).isEqualTo("Astra. Be balanced. End.");
        assertThat(send("{\"model\":\"gpt-6-astra\"}", settings().personality("friendly").build()).path("instructions").asText())
                .isEqualTo("Astra. Be warm. End.");
        assertThat(send("{\"model\":\"gpt-6-astra\"}", settings().personality("pragmatic").build()).path("instructions").asText())
                .isEqualTo("Astra.  End.");
    }

    @Test
    void callerInstructionsTravelAsADeveloperMessageFirst() {
        ObjectNode body = send("{\"model\":\"gpt-5.5\",\"instructions\":\"Answer in French.\",\"input\":\"hi\"}");
        assertThat(body.path("instructions").asText()).isEqualTo("You are Codex 5.5.");
        assertThat(body.path("input").get(0).path("role").asText()).isEqualTo("developer");
        assertThat(body.path("input").get(0).path("content").get(0).path("text").asText()).isEqualTo("Answer in French.");
        assertThat(body.path("input").get(1).path("role").asText()).isEqualTo("user");
    }

    // --- reasoning

    @ParameterizedTest(name = "{0} on gpt-5.5 is sent as {1}")
    @CsvSource({"none,low", "minimal,low", "low,low", "medium,medium", "high,high", "xhigh,xhigh", "max,xhigh",
            "ultra,xhigh", "HIGH,high", "bogus,medium"})
    void effortMovesToTheNearestSupportedLevel(String wanted, String sent) {
        ObjectNode body = send("{\"model\":\"gpt-5.5\",\"reasoning\":{\"effort\":\"" + wanted + "\"}}");
        assertThat(body.path("reasoning").path("effort").asText()).isEqualTo(sent);
    }

    @ParameterizedTest(name = "{0} on gpt-6-astra is sent as {1}")
    @CsvSource({"none,none", "minimal,low", "medium,high", "xhigh,high", "ultra,high"})
    void effortBetweenTwoLevelsPrefersTheNearestThenTheHigher(String wanted, String sent) {
        ObjectNode body = send("{\"model\":\"gpt-6-astra\",\"reasoning\":{\"effort\":\"" + wanted + "\"}}");
        assertThat(body.path("reasoning").path("effort").asText()).isEqualTo(sent);
    }

    @Test
    void ultraIsSentAsMaxWhereMaxIsSupported() {
        assertThat(send("{\"model\":\"gpt-5.6-sol\",\"reasoning\":{\"effort\":\"ultra\"}}")
                .path("reasoning").path("effort").asText()).isEqualTo("max");
    }

    @Test
    void effortDefaultsToTheModelsDefaultLevel() {
        assertThat(send("{\"model\":\"gpt-5.5\"}").path("reasoning").path("effort").asText()).isEqualTo("medium");
    }

    @Test
    void effortSuffixInTheModelNameAppliesWhenTheRequestSetsNone() {
        assertThat(send("{\"model\":\"gpt-5.5-high\"}").path("reasoning").path("effort").asText()).isEqualTo("high");
        assertThat(send("{\"model\":\"gpt-5.5-high\",\"reasoning\":{\"effort\":\"low\"}}")
                .path("reasoning").path("effort").asText()).isEqualTo("low");
    }

    @Test
    void effortPrecedenceIsRequestThenPerModelThenGlobalThenModelDefault() {
        Settings both = settings().modelOptions(new ModelOptions("low", null, null, null))
                .modelOptions("gpt-5.5", new ModelOptions("xhigh", null, null, null)).build();
        Settings global = settings().modelOptions(new ModelOptions("low", null, null, null)).build();
        assertThat(send("{\"model\":\"gpt-5.5\",\"reasoning\":{\"effort\":\"high\"}}", both)
                .path("reasoning").path("effort").asText()).isEqualTo("high");
        assertThat(send("{\"model\":\"gpt-5.5\"}", both).path("reasoning").path("effort").asText()).isEqualTo("xhigh");
        assertThat(send("{\"model\":\"gpt-6-astra\"}", both).path("reasoning").path("effort").asText()).isEqualTo("low");
        assertThat(send("{\"model\":\"gpt-5.5\"}", global).path("reasoning").path("effort").asText()).isEqualTo("low");
    }

    @Test
    void summaryDefaultsToAutoWhereSupported() {
        assertThat(send("{\"model\":\"gpt-5.5\"}").path("reasoning").path("summary").asText()).isEqualTo("auto");
        assertThat(send("{\"model\":\"gpt-5.6-sol\"}").path("reasoning").path("summary").asText()).isEqualTo("auto");
    }

    @Test
    void summaryPrecedenceIsRequestThenPerModelThenGlobal() {
        Settings s = settings().modelOptions(new ModelOptions(null, "concise", null, null))
                .modelOptions("gpt-5.5", new ModelOptions(null, "detailed", null, null)).build();
        assertThat(send("{\"model\":\"gpt-5.5\",\"reasoning\":{\"summary\":\"none\"}}", s)
                .path("reasoning").path("summary").asText()).isEqualTo("none");
        assertThat(send("{\"model\":\"gpt-5.5\"}", s).path("reasoning").path("summary").asText()).isEqualTo("detailed");
        assertThat(send("{\"model\":\"gpt-5.6-sol\"}", s).path("reasoning").path("summary").asText()).isEqualTo("concise");
    }

    @Test
    void summaryIsRemovedWhereTheModelDoesNotSupportIt() {
        ObjectNode body = send("{\"model\":\"gpt-6-astra\",\"reasoning\":{\"effort\":\"low\",\"summary\":\"detailed\"}}");
        assertThat(body.path("reasoning").has("summary")).isFalse();
        assertThat(body.path("reasoning").path("effort").asText()).isEqualTo("low");
    }

    @Test
    void otherReasoningFieldsPassThrough() {
        assertThat(send("{\"model\":\"gpt-5.5\",\"reasoning\":{\"future\":1}}").path("reasoning").path("future").asInt())
                .isEqualTo(1);
    }

    // --- text

    @Test
    void verbosityComesFromRequestThenSettingsThenModelDefault() {
        Settings s = settings().modelOptions("gpt-5.5", new ModelOptions(null, null, "high", null)).build();
        assertThat(send("{\"model\":\"gpt-5.5\",\"text\":{\"verbosity\":\"medium\"}}", s)
                .path("text").path("verbosity").asText()).isEqualTo("medium");
        assertThat(send("{\"model\":\"gpt-5.5\"}", s).path("text").path("verbosity").asText()).isEqualTo("high");
        assertThat(send("{\"model\":\"gpt-5.5\"}").path("text").path("verbosity").asText()).isEqualTo("low");
    }

    @Test
    void verbosityIsRemovedWhereUnsupportedButOtherTextFieldsStay() {
        ObjectNode body = send("{\"model\":\"gpt-6-astra\",\"text\":{\"verbosity\":\"high\",\"format\":{\"type\":\"text\"}}}");
        assertThat(body.path("text").has("verbosity")).isFalse();
        assertThat(body.path("text").path("format").path("type").asText()).isEqualTo("text");
        assertThat(send("{\"model\":\"gpt-6-astra\",\"text\":{\"verbosity\":\"high\"}}").has("text")).isFalse();
    }

    // --- include

    @Test
    void includeAlwaysHasEncryptedReasoningOnce() {
        assertThat(send("{\"model\":\"gpt-5.5\"}").path("include").toString()).isEqualTo("[\"reasoning.encrypted_content\"]");
        assertThat(send("{\"model\":\"gpt-5.5\",\"include\":[\"reasoning.encrypted_content\",\"x\",\"x\"]}")
                .path("include").toString()).isEqualTo("[\"reasoning.encrypted_content\",\"x\"]");
    }

    @Test
    void includeFromSettingsWhenTheRequestHasNone() {
        Settings s = settings().modelOptions(new ModelOptions(null, null, null, List.of("web_search_call.results"))).build();
        assertThat(send("{\"model\":\"gpt-5.5\"}", s).path("include").toString())
                .isEqualTo("[\"web_search_call.results\",\"reasoning.encrypted_content\"]");
    }

    // --- input

    @Test
    void stringInputBecomesAUserMessage() {
        JsonNode input = send("{\"model\":\"gpt-5.5\",\"input\":\"hello\"}").path("input");
        assertThat(input).hasSize(1);
        assertThat(input.get(0).path("role").asText()).isEqualTo("user");
        assertThat(input.get(0).path("content").get(0).path("text").asText()).isEqualTo("hello");
    }

    @Test
    void everyInputItemLosesItsId() {
        JsonNode input = send("""
                {"model":"gpt-5.5","input":[
                  {"id":"msg_1","type":"message","role":"user","content":[{"type":"input_text","text":"a"}]},
                  {"id":"rs_1","type":"reasoning","summary":[],"encrypted_content":"gAAA"},
                  {"id":"fc_1","type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                  {"id":"o_1","type":"function_call_output","call_id":"c1","output":"ok"}]}""").path("input");
        assertThat(input).hasSize(4).allSatisfy(item -> assertThat(item.has("id")).isFalse());
        assertThat(input.get(1).path("encrypted_content").asText()).isEqualTo("gAAA");
    }

    @Test
    void itemReferencesAreDropped() {
        JsonNode input = send("""
                {"model":"gpt-5.5","input":[{"type":"item_reference","id":"rs_9"},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"a"}]}]}""").path("input");
        assertThat(input).hasSize(1);
        assertThat(input.get(0).path("type").asText()).isEqualTo("message");
    }

    @Test
    void toolOutputWithItsCallStaysAsIs() {
        JsonNode input = send("""
                {"model":"gpt-5.5","input":[{"type":"function_call","call_id":"c1","name":"ls","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"a.txt"}]}""").path("input");
        assertThat(input.get(1).path("type").asText()).isEqualTo("function_call_output");
    }

    @Test
    void orphanedToolOutputBecomesAnAssistantMessage() {
        JsonNode input = send("""
                {"model":"gpt-5.5","input":[{"type":"function_call_output","call_id":"c7","name":"shell","output":"done"},
                  {"type":"custom_tool_call_output","call_id":"c8","output":[{"type":"input_text","text":"patched"}]}]}""")
                .path("input");
        assertThat(input.get(0).path("role").asText()).isEqualTo("assistant");
        assertThat(input.get(0).path("content").get(0).path("text").asText()).isEqualTo("[Previous shell result; call_id=c7]: done");
        assertThat(input.get(1).path("content").get(0).path("text").asText()).isEqualTo("[Previous tool result; call_id=c8]: patched");
    }

    @Test
    void orphanedToolOutputIsCutAt16000Characters() {
        String big = "x".repeat(20_000);
        JsonNode input = send("{\"model\":\"gpt-5.5\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\""
                + big + "\"}]}").path("input");
        String text = input.get(0).path("content").get(0).path("text").asText();
        assertThat(text).isEqualTo("[Previous tool result; call_id=c]: " + "x".repeat(16_000));
    }

    // --- fields

    @Test
    void fieldsTheBackendRefusesAreRemoved() {
        ObjectNode body = send("{\"model\":\"gpt-5.5\",\"max_output_tokens\":5,\"max_completion_tokens\":5,"
                + "\"previous_response_id\":\"resp_1\",\"temperature\":0.2}");
        assertThat(body.has("max_output_tokens")).isFalse();
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.has("previous_response_id")).isFalse();
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void unknownFieldsPassThrough() {
        ObjectNode body = send("{\"model\":\"gpt-5.5\",\"metadata\":{\"k\":\"v\"},\"service_tier\":\"priority\",\"parallel_tool_calls\":true}");
        assertThat(body.path("metadata").path("k").asText()).isEqualTo("v");
        assertThat(body.path("service_tier").asText()).isEqualTo("priority");
        assertThat(body.path("parallel_tool_calls").asBoolean()).isTrue();
    }

    @Test
    void toolChoiceIsAutoWhenToolsAreGiven() {
        assertThat(send("{\"model\":\"gpt-5.5\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}")
                .path("tool_choice").asText()).isEqualTo("auto");
        assertThat(send("{\"model\":\"gpt-5.5\"}").has("tool_choice")).isFalse();
    }

    @Test
    void promptCacheKeyIsTheConversationId() {
        assertThat(send("{\"model\":\"gpt-5.5\",\"prompt_cache_key\":\"mine\"}").path("prompt_cache_key").asText())
                .isEqualTo(CONVERSATION.toString());
    }

    @Test
    void theCallersRequestIsNotChanged() {
        ObjectNode original = (ObjectNode) JSON.createObjectNode().put("model", "gpt-5.5").put("temperature", 1);
        ResponsesRequest request = new ResponsesRequest(original, CONVERSATION);
        new RequestTransformer(settings().build()).transform(request, catalog());
        assertThat(request.body().has("temperature")).isTrue();
        assertThat(original.has("store")).isFalse();
    }

    // --- Responses Lite

    @Test
    void liteMovesInstructionsAndToolsIntoTheInput() {
        ObjectNode body = send("""
                {"model":"gpt-5.6-sol","input":"hi","parallel_tool_calls":true,
                 "tools":[{"type":"function","name":"f"},{"type":"custom","name":"apply_patch"},
                          {"type":"web_search"},{"type":"tool_search"}]}""");
        assertThat(body.has("instructions")).isFalse();
        assertThat(body.has("tools")).isFalse();
        JsonNode input = body.path("input");
        assertThat(input.get(0).path("type").asText()).isEqualTo("additional_tools");
        assertThat(input.get(0).path("role").asText()).isEqualTo("developer");
        assertThat(input.get(0).path("tools")).extracting(t -> t.path("type").asText())
                .containsExactly("function", "custom", "tool_search");
        assertThat(input.get(1).path("role").asText()).isEqualTo("developer");
        assertThat(input.get(1).path("content").get(0).path("text").asText()).isEqualTo("You are Sol.");
        assertThat(input.get(2).path("role").asText()).isEqualTo("user");
        assertThat(body.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(body.path("reasoning").path("context").asText()).isEqualTo("all_turns");
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("prompt_cache_key").asText()).isEqualTo(CONVERSATION.toString());
    }

    @Test
    void liteWithoutToolsStillStartsWithAnEmptyToolList() {
        JsonNode input = send("{\"model\":\"gpt-5.6-sol\",\"input\":\"hi\"}").path("input");
        assertThat(input.get(0).path("tools")).isEmpty();
        assertThat(input).hasSize(3);
    }

    @Test
    void classicModelsKeepTopLevelInstructionsAndTools() {
        ObjectNode body = send("{\"model\":\"gpt-5.5\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}");
        assertThat(body.path("tools")).hasSize(1);
        assertThat(body.path("reasoning").has("context")).isFalse();
    }

    // --- more input and tool cases of the 2025 plugin that still apply

    @Test
    void orphanedShellAndCustomOutputsBecomeMessagesButMatchedOnesStay() {
        JsonNode input = send("""
                {"model":"gpt-5.5","input":[
                  {"type":"custom_tool_call","call_id":"p1","name":"apply_patch","input":"*** Begin Patch"},
                  {"type":"custom_tool_call_output","call_id":"p1","output":"Done"},
                  {"type":"local_shell_call_output","call_id":"s9","output":"ls: ok"}]}""").path("input");
        assertThat(input.get(1).path("type").asText()).isEqualTo("custom_tool_call_output");
        assertThat(input.get(2).path("type").asText()).isEqualTo("message");
        assertThat(input.get(2).path("content").get(0).path("text").asText()).isEqualTo("[Previous tool result; call_id=s9]: ls: ok");
    }

    @Test
    void orphanedStructuredOutputIsKeptAsItsJson() {
        JsonNode input = send("{\"model\":\"gpt-5.5\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":{\"ok\":true}}]}")
                .path("input");
        assertThat(input.get(0).path("content").get(0).path("text").asText()).isEqualTo("[Previous tool result; call_id=c]: {\"ok\":true}");
    }

    @Test
    void missingInputBecomesAnEmptyList() {
        assertThat(send("{\"model\":\"gpt-5.5\"}").path("input").isArray()).isTrue();
        assertThat(send("{\"model\":\"gpt-5.5\",\"input\":null}").path("input")).isEmpty();
    }

    @Test
    void messagesKeepTheirContentAndRoles() {
        JsonNode input = send("""
                {"model":"gpt-5.5","input":[{"id":"m","type":"message","role":"assistant",
                  "content":[{"type":"output_text","text":"earlier","annotations":[]}]}]}""").path("input");
        assertThat(input.get(0).path("role").asText()).isEqualTo("assistant");
        assertThat(input.get(0).path("content").get(0).path("text").asText()).isEqualTo("earlier");
    }

    @Test
    void toolChoiceOfTheCallerIsReplacedByAutoWhenToolsAreGiven() {
        assertThat(send("{\"model\":\"gpt-5.5\",\"tool_choice\":\"required\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}")
                .path("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void emptyToolListDoesNotSetToolChoice() {
        assertThat(send("{\"model\":\"gpt-5.5\",\"tools\":[]}").has("tool_choice")).isFalse();
    }

    @Test
    void liteKeepsTheOfficialInstructionsFirstAndTheCallersAfter() {
        JsonNode input = send("{\"model\":\"gpt-5.6-sol\",\"instructions\":\"Be brief.\",\"input\":\"hi\"}").path("input");
        assertThat(input).extracting(i -> i.path("type").asText() + ":" + i.path("role").asText(""))
                .containsExactly("additional_tools:developer", "message:developer", "message:developer", "message:user");
        assertThat(input.get(1).path("content").get(0).path("text").asText()).isEqualTo("You are Sol.");
        assertThat(input.get(2).path("content").get(0).path("text").asText()).isEqualTo("Be brief.");
    }

    @Test
    void liteWithoutToolsSendsNoToolChoice() {
        assertThat(send("{\"model\":\"gpt-5.6-sol\",\"tool_choice\":\"auto\"}").has("tool_choice")).isFalse();
    }

    @Test
    void liteKeepsOtherReasoningSettings() {
        JsonNode reasoning = send("{\"model\":\"gpt-5.6-sol\",\"reasoning\":{\"effort\":\"low\",\"summary\":\"concise\"}}").path("reasoning");
        assertThat(reasoning.path("effort").asText()).isEqualTo("low");
        assertThat(reasoning.path("summary").asText()).isEqualTo("concise");
        assertThat(reasoning.path("context").asText()).isEqualTo("all_turns");
    }

    @Test
    void parallelToolCallsPassAsAskedOnClassicModels() {
        assertThat(send("{\"model\":\"gpt-5.5\",\"parallel_tool_calls\":false}").path("parallel_tool_calls").asBoolean(true)).isFalse();
    }

    @Test
    void topPPassesThroughBecauseSpecSevenDoesNotRemoveIt() {
        assertThat(send("{\"model\":\"gpt-5.5\",\"top_p\":0.9}").path("top_p").asDouble()).isEqualTo(0.9);
    }

    @Test
    void theAliasFileOfTheSettingsIsUsed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("aliases.json");
        java.nio.file.Files.writeString(file, "{\"aliases\":[{\"names\":[\"my-favourite\"],\"successor\":\"gpt-5.6-sol\"}]}");
        ObjectNode body = send("{\"model\":\"my-favourite\"}", settings().modelAliasesFile(file).build());
        assertThat(body.path("model").asText()).isEqualTo("gpt-5.6-sol");
    }

    @Test
    void aBadAliasFileFailsWhenTheTransformerIsMadeNotAtTheFirstRequest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> new RequestTransformer(settings().modelAliasesFile(missing).build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void transformingLeavesTheRequestAsItWasAndThePreparedBodyOwnsWhatItChanged() throws Exception {
        String json = """
                {"model":"gpt-5.6-sol","reasoning":{"effort":"low"},"text":{"verbosity":"high"},
                 "tools":[{"type":"function","name":"f"}],
                 "input":[{"type":"message","id":"msg_1","role":"user","content":[{"type":"input_text","text":"hi"}]},
                          {"type":"function_call_output","call_id":"gone","output":"x"}]}""";
        ResponsesRequest request = new ResponsesRequest((ObjectNode) JSON.readTree(json), CONVERSATION);
        PreparedRequest prepared = new RequestTransformer(settings().build()).transform(request, catalog());
        assertThat(request.body()).isEqualTo(JSON.readTree(json));
        assertThat(prepared.body().path("input").toString()).doesNotContain("msg_1");
        assertThat(JSON.readTree(prepared.bodyJson())).isEqualTo(prepared.body());
        // a second transform of the same request gives the same body
        assertThat(new RequestTransformer(settings().build()).transform(request, catalog()).body()).isEqualTo(prepared.body());
    }

    @Test
    void effortForAModelWithoutLevelsPassesOnlyKnownWords() {
        assertThat(RequestTransformer.nearestEffort("high", List.of(), null)).isEqualTo("high");
        assertThat(RequestTransformer.nearestEffort("ultra", List.of(), null)).isEqualTo("max");
        assertThat(RequestTransformer.nearestEffort("bogus", List.of(), null)).isNull();
    }

    @Test
    void namesOfThe2025PluginReachTheirSuccessorWithTheirEffort() {
        ObjectNode body = send("{\"model\":\"GPT 5 Codex Low (ChatGPT Subscription)\"}");
        assertThat(body.path("model").asText()).isEqualTo("gpt-5.5");
        assertThat(body.path("instructions").asText()).isEqualTo("You are Codex 5.5.");
        assertThat(send("{\"model\":\"gpt-5.1-codex-high\"}").path("reasoning").path("effort").asText()).isEqualTo("high");
    }

    @Test
    void retiredModelIsRefusedWithTheModelsToUse() {
        assertThatThrownBy(() -> send("{\"model\":\"codex-mini-latest\"}")).isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("retired").hasMessageContaining("gpt-5.5");
    }
}
