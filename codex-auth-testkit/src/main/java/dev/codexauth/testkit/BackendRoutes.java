package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Codex backend (SPEC §6-§10): {@code /codex/responses}, {@code /codex/models},
 * {@code /wham/usage}. Checks requests the way the real backend does and answers with its status
 * codes and error bodies.
 */
final class BackendRoutes {

    private static final Set<String> REJECTED_FIELDS = Set.of("max_output_tokens", "max_completion_tokens",
            "temperature", "previous_response_id");
    private static final Set<String> SUMMARIES = Set.of("auto", "concise", "detailed", "none");
    private static final Set<String> VERBOSITIES = Set.of("low", "medium", "high");
    private static final Set<String> LITE_TOOL_TYPES = Set.of("function", "custom", "tool_search");

    private final Sandbox sandbox;

    BackendRoutes(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    // --- shared checks ---

    /** Answers 401/403 and returns false unless the bearer token is live and the account header matches. */
    private boolean authorized(Call call) {
        String auth = call.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() <= 7) {
            call.json(401, Json.detail("Unauthorized"));
            return false;
        }
        String rejection = sandbox.tokens.rejectBearer(auth.substring(7).trim());
        if (rejection != null) {
            String message = switch (rejection) {
                case "token_expired" -> "Provided authentication token is expired. Please try signing in again.";
                case "token_revoked" -> "Your authentication token has been invalidated. Please try signing in again.";
                default -> "Could not parse your authentication token. Please try signing in again.";
            };
            call.responseHeaders().set("x-openai-authorization-error", rejection);
            call.json(401, Json.error(message, "invalid_request_error", null, rejection));
            return false;
        }
        String account = call.header("ChatGPT-Account-ID");
        if (account == null || !account.equals(sandbox.account().accountId())) {
            call.json(403, Json.error(account == null
                    ? "Missing ChatGPT-Account-ID header: send the account id of the signed-in user."
                    : "ChatGPT-Account-ID does not match the signed-in account.",
                    "invalid_request_error", null, "account_mismatch"));
            return false;
        }
        return true;
    }

    private void commonHeaders(Call call) {
        call.responseHeaders().set("x-request-id", "req_" + hex(32));
        call.responseHeaders().set("cf-ray", hex(16) + "-SJC");
        sandbox.usage.writeHeaders(call.responseHeaders(), sandbox.clock.instant());
    }

    // --- /codex/models ---

    void models(Call call) {
        commonHeaders(call);
        if (!authorized(call)) {
            return;
        }
        String version = call.param("client_version");
        Catalog catalog = sandbox.catalog();
        String etag = catalog.etag(version);
        call.responseHeaders().set("ETag", etag);
        call.responseHeaders().set("Cache-Control", "private, max-age=300");
        if (etag.equals(call.header("If-None-Match"))) {
            call.empty(304);
            return;
        }
        call.send(200, "application/json", catalog.forClientVersion(version));
    }

    // --- /wham/usage ---

    void usage(Call call) {
        commonHeaders(call);
        if (!authorized(call)) {
            return;
        }
        call.json(200, sandbox.usage.usage(sandbox.clock.instant()));
    }

    // --- /codex/responses ---

    void responses(Call call, Fault streamFault) {
        commonHeaders(call);
        if (!authorized(call)) {
            return;
        }
        JsonNode body = Json.parseOrNull(call.body);
        if (body == null || !body.isObject()) {
            call.json(400, Json.detail("There was an error parsing the body"));
            return;
        }
        JsonNode slugNode = body.path("model");
        if (!slugNode.isTextual() || slugNode.asText().isBlank()) {
            call.json(400, Json.error("Missing required parameter: 'model'.", "invalid_request_error", "model",
                    "missing_required_parameter"));
            return;
        }
        String slug = slugNode.asText();
        Catalog catalog = sandbox.catalog();
        JsonNode model = catalog.model(slug);
        if (model == null) {
            call.json(400, Json.detail("The '" + slug + "' model is not supported when using Codex with a ChatGPT account."));
            return;
        }
        boolean lite = model.path("use_responses_lite").asBoolean(false);
        String originator = call.header("originator");
        if (originator == null || !sandbox.config.firstPartyOriginators.contains(originator)
                || (lite && !"true".equalsIgnoreCase(call.header("x-openai-internal-codex-responses-lite")))) {
            call.json(404, Json.error("Model not found " + slug, "invalid_request_error", "model", "model_not_found"));
            return;
        }
        String version = call.header("version");
        if (!Catalog.versionMeets(version, model.path("minimal_client_version").asText(null))) {
            call.json(400, Json.detail("The '" + slug + "' model requires a newer version of Codex. "
                    + "Please upgrade to the latest app or CLI and try again."));
            return;
        }
        if (!body.path("stream").asBoolean(false)) {
            call.json(400, Json.detail("Stream must be set to true"));
            return;
        }
        if (!body.path("store").isBoolean() || body.path("store").asBoolean()) {
            call.json(400, Json.detail("Store must be set to false"));
            return;
        }
        for (String field : REJECTED_FIELDS) {
            if (body.has(field)) {
                call.json(400, Json.error("Unsupported parameter: '" + field + "' is not supported with this model.",
                        "invalid_request_error", field, "unsupported_parameter"));
                return;
            }
        }
        JsonNode input = body.path("input");
        if (!input.isArray()) {
            call.json(400, Json.error("Invalid type for 'input': expected an array of input items.",
                    "invalid_request_error", "input", "invalid_type"));
            return;
        }
        for (JsonNode item : input) {
            String id = item.path("type").asText().equals("item_reference") ? item.path("id").asText("")
                    : item.has("id") ? item.path("id").asText("") : null;
            if (id != null) {
                call.json(400, Json.error("Item with id '" + id + "' not found. Items are not persisted when `store` "
                        + "is set to false. Try again with `store` set to true, or remove this item from your input.",
                        "invalid_request_error", "input", null));
                return;
            }
        }
        Set<String> valid = Catalog.validInstructions(model);
        JsonNode reasoning = body.path("reasoning");
        List<JsonNode> tools = new ArrayList<>();
        if (lite) {
            if (!liteChecks(call, body, input, valid, tools)) {
                return;
            }
        } else {
            JsonNode instructions = body.path("instructions");
            if (!instructions.isTextual() || instructions.asText().isEmpty()) {
                call.json(400, Json.detail("Instructions are required"));
                return;
            }
            if (!valid.contains(instructions.asText())) {
                call.json(400, Json.detail("Instructions are not valid"));
                return;
            }
            if (reasoning.has("context")) {
                call.json(400, Json.error("Unknown parameter: 'reasoning.context'.", "invalid_request_error",
                        "reasoning.context", "unknown_parameter"));
                return;
            }
            body.path("tools").forEach(tools::add);
        }
        if (!reasoningChecks(call, model, reasoning, body.path("text"))) {
            return;
        }
        stream(call, body, model, tools, streamFault);
    }

    private boolean liteChecks(Call call, JsonNode body, JsonNode input, Set<String> valid, List<JsonNode> tools) {
        String slug = body.path("model").asText();
        if (body.has("instructions")) {
            call.json(400, Json.error("Unsupported parameter: 'instructions' is not supported with '" + slug
                    + "' (Responses Lite): send the instructions as a developer message in input.",
                    "invalid_request_error", "instructions", "unsupported_parameter"));
            return false;
        }
        if (body.has("tools")) {
            call.json(400, Json.error("Unsupported parameter: 'tools' is not supported with '" + slug
                    + "' (Responses Lite): send the tools as an additional_tools input item.",
                    "invalid_request_error", "tools", "unsupported_parameter"));
            return false;
        }
        if (!"all_turns".equals(body.path("reasoning").path("context").asText(null))) {
            call.json(400, Json.error("Invalid value for 'reasoning.context': '" + slug
                    + "' requires 'all_turns'.", "invalid_request_error", "reasoning.context", "invalid_value"));
            return false;
        }
        if (body.path("parallel_tool_calls").asBoolean(false)) {
            call.json(400, Json.error("Invalid value for 'parallel_tool_calls': '" + slug
                    + "' supports only false.", "invalid_request_error", "parallel_tool_calls", "invalid_value"));
            return false;
        }
        String instructions = null;
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.path("type").asText().equals("additional_tools")) {
                if (i != 0 || !"developer".equals(item.path("role").asText())) {
                    call.json(400, Json.error("The additional_tools item must be the first input item, with role "
                            + "'developer'.", "invalid_request_error", "input[" + i + "]", "invalid_value"));
                    return false;
                }
                for (JsonNode tool : item.path("tools")) {
                    if (!LITE_TOOL_TYPES.contains(tool.path("type").asText())) {
                        call.json(400, Json.error("Tool type '" + tool.path("type").asText()
                                + "' is not supported in additional_tools.", "invalid_request_error",
                                "input[0].tools", "invalid_value"));
                        return false;
                    }
                    tools.add(tool);
                }
            } else if (instructions == null && isMessage(item) && "developer".equals(item.path("role").asText())) {
                instructions = messageText(item);
            }
        }
        if (instructions == null || instructions.isEmpty()) {
            call.json(400, Json.detail("Instructions are required"));
            return false;
        }
        if (!valid.contains(instructions)) {
            call.json(400, Json.detail("Instructions are not valid"));
            return false;
        }
        return true;
    }

    private static boolean reasoningChecks(Call call, JsonNode model, JsonNode reasoning, JsonNode text) {
        String slug = model.path("slug").asText();
        JsonNode effort = reasoning.path("effort");
        if (effort.isTextual()) {
            List<String> levels = new ArrayList<>();
            for (JsonNode level : model.path("supported_reasoning_levels")) {
                levels.add(level.isTextual() ? level.asText() : level.path("effort").asText());
            }
            if (!levels.contains(effort.asText())) {
                call.json(400, Json.error("Unsupported value: 'reasoning.effort' does not support '" + effort.asText()
                        + "' with the '" + slug + "' model. Supported values are: " + quoted(levels) + ".",
                        "invalid_request_error", "reasoning.effort", "unsupported_value"));
                return false;
            }
        }
        JsonNode summary = reasoning.path("summary");
        if (summary.isTextual()) {
            boolean supported = model.path("supports_reasoning_summary_parameter").asBoolean(false)
                    || model.path("supports_reasoning_summaries").asBoolean(false);
            if (!supported) {
                call.json(400, Json.error("Unsupported parameter: 'reasoning.summary' is not supported with the '"
                        + slug + "' model.", "invalid_request_error", "reasoning.summary", "unsupported_parameter"));
                return false;
            }
            if (!SUMMARIES.contains(summary.asText())) {
                call.json(400, Json.error("Invalid value: '" + summary.asText() + "'. Supported values are: "
                        + quoted(List.copyOf(SUMMARIES)) + ".", "invalid_request_error", "reasoning.summary", "invalid_value"));
                return false;
            }
        }
        JsonNode verbosity = text.path("verbosity");
        if (verbosity.isTextual()) {
            if (!model.path("support_verbosity").asBoolean(false)) {
                call.json(400, Json.error("Unsupported parameter: 'text.verbosity' is not supported with the '"
                        + slug + "' model.", "invalid_request_error", "text.verbosity", "unsupported_parameter"));
                return false;
            }
            if (!VERBOSITIES.contains(verbosity.asText())) {
                call.json(400, Json.error("Invalid value: '" + verbosity.asText() + "'. Supported values are: "
                        + "'low', 'medium', 'high'.", "invalid_request_error", "text.verbosity", "invalid_value"));
                return false;
            }
        }
        return true;
    }

    private static String quoted(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (String v : values) {
            b.append(b.length() == 0 ? "" : ", ").append('\'').append(v).append('\'');
        }
        return b.toString();
    }

    static boolean isMessage(JsonNode item) {
        String type = item.path("type").asText("message");
        return type.equals("message") || (!item.has("type") && item.has("role"));
    }

    /** The text of a message item: a string content or the concatenated text parts. */
    static String messageText(JsonNode item) {
        JsonNode content = item.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                b.append(part.path("text").asText());
            }
        }
        return b.toString();
    }

    // --- the stream ---

    private void stream(Call call, JsonNode body, JsonNode model, List<JsonNode> tools, Fault fault) {
        Instant now = sandbox.clock.instant();
        sandbox.usage.clear();
        long n = sandbox.streamsServed.incrementAndGet();
        String slug = model.path("slug").asText();
        String responseId = "resp_" + hex(24);
        JsonNode reasoning = body.path("reasoning");
        String summary = reasoning.path("summary").asText("none");
        boolean withReasoning = reasoning.path("summary").isTextual() && !summary.equals("none")
                && model.path("supports_reasoning_summaries").asBoolean(false);
        JsonNode toolToCall = toolToCall(body.path("input"), tools);
        boolean fullOutput = switch (sandbox.config.completedOutput) {
            case FULL -> true;
            case EMPTY -> false;
            case ALTERNATE -> n % 2 == 1;
        };

        call.responseHeaders().set("OpenAI-Model", slug);
        call.responseHeaders().set("X-Models-Etag", sandbox.catalog().etag(call.header("version")));
        call.responseHeaders().set("Cache-Control", "no-cache");
        if (toolToCall != null) {
            // the turn goes on after the tool runs: the client echoes this within the turn
            call.responseHeaders().set("x-codex-turn-state", "ts_" + hex(16));
        }

        SseWriter sse = new SseWriter(call.startStream(200, "text/event-stream; charset=utf-8"),
                sandbox.config.eventDelay, sandbox.config.writeChunkBytes);
        ObjectNode response = responseObject(responseId, now, slug, body, "in_progress");
        sse.event("response.created", withResponse("response.created", response));
        sse.event("response.in_progress", withResponse("response.in_progress", response));
        sse.eventWithoutSequence("codex.rate_limits", sandbox.usage.event(now));
        if (sandbox.config.keepalives) {
            sse.raw(": keepalive\n\n");
            sse.event("keepalive", Json.object().put("type", "keepalive"));
        }
        if (fault instanceof Fault.MalformedData) {
            sse.raw("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\n\n");
        }
        if (fault instanceof Fault.ResponseFailed f) {
            ObjectNode failed = responseObject(responseId, now, slug, body, "failed");
            ObjectNode error = failed.putObject("error");
            error.put("code", f.code());
            error.put("message", f.message());
            sse.event("response.failed", withResponse("response.failed", failed));
            sse.close();
            return;
        }
        if (fault instanceof Fault.ErrorEvent f) {
            ObjectNode error = Json.object();
            error.put("type", "error");
            error.put("code", f.code());
            error.put("message", f.message());
            error.putNull("param");
            sse.event("error", error);
            sse.close();
            return;
        }

        ArrayNode output = Json.MAPPER.createArrayNode();
        int index = 0;
        int reasoningTokens = 0;
        if (withReasoning) {
            output.add(reasoningItem(sse, index++));
            reasoningTokens = 24;
        }
        String answer = sandbox.answer();
        if (toolToCall != null && toolToCall.path("type").asText().equals("custom")) {
            output.add(customToolCall(sse, index, toolToCall));
        } else if (toolToCall != null) {
            output.add(functionCall(sse, index, toolToCall));
        } else {
            output.add(message(sse, index, answer, fault));
        }
        ObjectNode done = responseObject(responseId, now, slug, body, "completed");
        done.set("output", fullOutput ? output : Json.MAPPER.createArrayNode());
        ObjectNode usage = done.putObject("usage");
        int inputTokens = Math.max(1, call.body.length / 4);
        int outputTokens = Math.max(1, answer.split("\\s+").length) + reasoningTokens;
        usage.put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", reasoningTokens);
        usage.put("total_tokens", inputTokens + outputTokens);
        sse.event("response.completed", withResponse("response.completed", done));
        sse.close();
    }

    private ObjectNode reasoningItem(SseWriter sse, int index) {
        String id = "rs_" + hex(24);
        String text = "**Reading the request**\n\nThe sandbox considers the question and prepares a short answer.";
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "reasoning");
        item.putArray("summary");
        sse.event("response.output_item.added", itemEvent("response.output_item.added", index, item));
        ObjectNode part = Json.object();
        part.put("type", "summary_text");
        part.put("text", "");
        sse.event("response.reasoning_summary_part.added", summaryEvent("response.reasoning_summary_part.added", id, index)
                .set("part", part));
        for (String delta : pieces(text, 0)) {
            ObjectNode e = summaryEvent("response.reasoning_summary_text.delta", id, index);
            e.put("delta", delta);
            e.put("obfuscation", "sbx");
            sse.event("response.reasoning_summary_text.delta", e);
        }
        sse.event("response.reasoning_summary_text.done", summaryEvent("response.reasoning_summary_text.done", id, index)
                .put("text", text));
        ObjectNode donePart = part.deepCopy().put("text", text);
        sse.event("response.reasoning_summary_part.done", summaryEvent("response.reasoning_summary_part.done", id, index)
                .set("part", donePart));
        ObjectNode doneItem = item.deepCopy();
        doneItem.putArray("summary").add(donePart);
        doneItem.put("encrypted_content", "gAAAAA_sandbox_" + hex(32));
        sse.event("response.output_item.done", itemEvent("response.output_item.done", index, doneItem));
        return doneItem;
    }

    private ObjectNode message(SseWriter sse, int index, String answer, Fault fault) {
        String id = "msg_" + hex(24);
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", "in_progress");
        item.putArray("content");
        item.put("role", "assistant");
        sse.event("response.output_item.added", itemEvent("response.output_item.added", index, item));
        ObjectNode part = Json.object();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", "");
        sse.event("response.content_part.added", contentEvent("response.content_part.added", id, index).set("part", part));
        List<String> deltas = pieces(answer, sandbox.config.deltaSize);
        for (int i = 0; i < deltas.size(); i++) {
            ObjectNode e = contentEvent("response.output_text.delta", id, index);
            e.put("delta", deltas.get(i));
            e.putArray("logprobs");
            e.put("obfuscation", "sbx");
            if (i == 1 && fault instanceof Fault.CutMidEvent) {
                sse.cutInside("response.output_text.delta", e);
            }
            sse.event("response.output_text.delta", e);
            if (i == 0 && fault instanceof Fault.HoldAfterFirstDelta hold) {
                sse.hold(hold.release());
            }
        }
        if (deltas.size() < 2 && fault instanceof Fault.CutMidEvent) {
            sse.cutInside("response.output_text.done", contentEvent("response.output_text.done", id, index).put("text", answer));
        }
        ObjectNode textDone = contentEvent("response.output_text.done", id, index);
        textDone.put("text", answer);
        textDone.putArray("logprobs");
        sse.event("response.output_text.done", textDone);
        ObjectNode donePart = part.deepCopy().put("text", answer);
        sse.event("response.content_part.done", contentEvent("response.content_part.done", id, index).set("part", donePart));
        ObjectNode doneItem = item.deepCopy();
        doneItem.put("status", "completed");
        doneItem.putArray("content").add(donePart);
        sse.event("response.output_item.done", itemEvent("response.output_item.done", index, doneItem));
        return doneItem;
    }

    private ObjectNode functionCall(SseWriter sse, int index, JsonNode tool) {
        String id = "fc_" + hex(24);
        String name = tool.path("name").asText();
        String arguments = Json.text(argumentsFor(tool.path("parameters")));
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", "in_progress");
        item.put("arguments", "");
        item.put("call_id", "call_" + hex(12));
        item.put("name", name);
        return streamedCall(sse, index, item, "response.function_call_arguments", "arguments", arguments, 8);
    }

    /** A freeform (custom) tool call, as Codex's {@code apply_patch}: input streamed as deltas. */
    private ObjectNode customToolCall(SseWriter sse, int index, JsonNode tool) {
        String id = "ctc_" + hex(24);
        String name = tool.path("name").asText();
        String input = "*** Begin Patch\n*** Add File: sandbox.txt\n+" + sandbox.answer() + "\n*** End Patch";
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "custom_tool_call");
        item.put("status", "in_progress");
        item.put("call_id", "call_" + hex(12));
        item.put("name", name);
        item.put("input", "");
        return streamedCall(sse, index, item, "response.custom_tool_call_input", "input", input, 12);
    }

    /**
     * Announces a tool call {@code item}, streams its {@code field} as {@code <events>.delta} pieces of
     * {@code pieceLength}, sends {@code <events>.done} with the whole value, and returns the completed item.
     */
    private ObjectNode streamedCall(SseWriter sse, int index, ObjectNode item, String events, String field, String value,
            int pieceLength) {
        String id = item.path("id").asText();
        sse.event("response.output_item.added", itemEvent("response.output_item.added", index, item));
        for (String delta : pieces(value, pieceLength)) {
            ObjectNode e = Json.object();
            e.put("type", events + ".delta");
            e.put("item_id", id);
            e.put("output_index", index);
            e.put("delta", delta);
            e.put("obfuscation", "sbx");
            sse.event(events + ".delta", e);
        }
        ObjectNode done = Json.object();
        done.put("type", events + ".done");
        done.put("item_id", id);
        done.put("output_index", index);
        done.put(field, value);
        sse.event(events + ".done", done);
        ObjectNode doneItem = item.deepCopy();
        doneItem.put("status", "completed");
        doneItem.put(field, value);
        sse.event("response.output_item.done", itemEvent("response.output_item.done", index, doneItem));
        return doneItem;
    }

    /**
     * The function or custom tool to call: only when the last input item is a user message that
     * names an offered tool, or asks to "use a tool" (then the first one).
     */
    static JsonNode toolToCall(JsonNode input, List<JsonNode> tools) {
        List<JsonNode> functions = tools.stream().filter(t -> (t.path("type").asText().equals("function")
                || t.path("type").asText().equals("custom")) && t.path("name").isTextual()).toList();
        if (functions.isEmpty() || input.size() == 0) {
            return null;
        }
        JsonNode last = input.get(input.size() - 1);
        if (!isMessage(last) || !"user".equals(last.path("role").asText())) {
            return null;
        }
        String text = messageText(last).toLowerCase(Locale.ROOT);
        for (JsonNode f : functions) {
            if (text.contains(f.path("name").asText().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return text.contains("use a tool") || text.contains("call a tool") || text.contains("use the tool")
                ? functions.get(0) : null;
    }

    /** Deterministic arguments that fit the tool's JSON schema: every property filled with a plain value. */
    static ObjectNode argumentsFor(JsonNode schema) {
        ObjectNode args = Json.object();
        schema.path("properties").fields().forEachRemaining(e -> {
            switch (e.getValue().path("type").asText("string")) {
                case "integer", "number" -> args.put(e.getKey(), 1);
                case "boolean" -> args.put(e.getKey(), true);
                case "array" -> args.putArray(e.getKey());
                case "object" -> args.putObject(e.getKey());
                default -> args.put(e.getKey(), e.getValue().has("enum") && e.getValue().path("enum").size() > 0
                        ? e.getValue().path("enum").get(0).asText() : "sandbox");
            }
        });
        return args;
    }

    /** Text cut into deltas: {@code size} characters each, or words (with their leading space) when 0. */
    static List<String> pieces(String text, int size) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            out.add("");
            return out;
        }
        if (size > 0) {
            int i = 0;
            while (i < text.length()) {
                int end = Math.min(text.length(), i + size);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end++;
                }
                out.add(text.substring(i, end));
                i = end;
            }
            return out;
        }
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    private ObjectNode responseObject(String id, Instant created, String slug, JsonNode body, String status) {
        ObjectNode r = Json.object();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", created.getEpochSecond());
        r.put("status", status);
        r.put("background", false);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.set("instructions", body.path("instructions").isTextual() ? body.get("instructions") : null);
        r.put("model", slug);
        r.putArray("output");
        r.put("parallel_tool_calls", body.path("parallel_tool_calls").asBoolean(false));
        r.putNull("previous_response_id");
        r.set("prompt_cache_key", body.has("prompt_cache_key") ? body.get("prompt_cache_key") : null);
        r.set("reasoning", body.has("reasoning") ? body.get("reasoning") : null);
        r.put("service_tier", "auto");
        r.put("store", false);
        r.set("text", body.has("text") ? body.get("text") : Json.object().set("format", Json.object().put("type", "text")));
        r.put("tool_choice", body.path("tool_choice").asText("auto"));
        r.set("tools", body.has("tools") ? body.get("tools") : Json.MAPPER.createArrayNode());
        r.putNull("usage");
        r.putObject("metadata");
        return r;
    }

    private static ObjectNode withResponse(String type, ObjectNode response) {
        ObjectNode e = Json.object();
        e.put("type", type);
        e.set("response", response);
        return e;
    }

    private static ObjectNode itemEvent(String type, int index, ObjectNode item) {
        ObjectNode e = Json.object();
        e.put("type", type);
        e.put("output_index", index);
        e.set("item", item);
        return e;
    }

    private static ObjectNode contentEvent(String type, String itemId, int index) {
        ObjectNode e = Json.object();
        e.put("type", type);
        e.put("item_id", itemId);
        e.put("output_index", index);
        e.put("content_index", 0);
        return e;
    }

    private static ObjectNode summaryEvent(String type, String itemId, int index) {
        ObjectNode e = Json.object();
        e.put("type", type);
        e.put("item_id", itemId);
        e.put("output_index", index);
        e.put("summary_index", 0);
        return e;
    }

    private static String hex(int chars) {
        byte[] b = new byte[(chars + 1) / 2];
        TokenAuthority.RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b).substring(0, chars);
    }
}
