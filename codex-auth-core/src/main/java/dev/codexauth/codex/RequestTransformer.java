package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.config.ModelOptions;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.instructions.ModelAliases;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.instructions.ModelInfo;
import dev.codexauth.instructions.ResolvedModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies the Codex backend's request rules (SPEC §7) to a Responses request, against the model
 * catalog: the model's slug and instructions, reasoning and text options in the order request,
 * per-model settings, global settings, model default; {@code store:false}, {@code stream:true};
 * input items without ids or references; orphaned tool outputs kept as text; fields the backend
 * refuses removed; and the Responses Lite shape for Lite models. Anything else passes through.
 * Pure and thread-safe.
 *
 * <p>The caller's conversation is not copied: the prepared body is a new top-level object whose
 * input items are shallow copies (without {@code id}) sharing their content with the request, and
 * neither side changes what they share.
 */
public final class RequestTransformer {

    /** Reasoning effort levels, least to most. */
    static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh", "max");
    /** Longest tool output kept when an orphaned output becomes a message. */
    static final int ORPHAN_OUTPUT_LIMIT = 16_000;
    private static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";
    /** SPEC §7: exactly these; anything else (top_p included) passes through. */
    private static final List<String> REFUSED_FIELDS =
            List.of("max_output_tokens", "max_completion_tokens", "previous_response_id", "temperature");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Settings settings;
    private final ModelAliases aliases;

    /**
     * @throws ConfigurationException when {@link Settings#modelAliasesFile()} names a missing or invalid
     *         file (found now, not at the first request)
     */
    public RequestTransformer(Settings settings) {
        this.settings = settings;
        this.aliases = ModelAliases.of(settings);
    }

    /**
     * The request as it must be sent.
     *
     * @throws RequestRejectedException when the catalog has no such model, or the name is retired
     * @throws ConfigurationException   when the catalog gives the model no instructions
     */
    public PreparedRequest transform(ResponsesRequest request, ModelCatalog catalog) {
        // a new top level over the request's (never changed) fields: the conversation is not copied
        ObjectNode body = F.objectNode();
        body.setAll(request.sharedBody());
        String requested = body.path("model").asText("").trim();
        // catalog slugs, the 2025 plugin's names and effort suffixes, the user's alias file, or a clear
        // "retired"/"unknown" error
        ResolvedModel resolved = catalog.resolve(requested, aliases);
        ModelInfo model = resolved.model();
        String instructions = model.instructions(settings.personality());
        if (instructions == null || instructions.isBlank()) {
            throw new ConfigurationException("The model catalog (" + catalog.source() + ") has no instructions for '"
                    + model.slug() + "', and the backend accepts no request without them. Refresh the catalog or "
                    + "configure " + Settings.INSTRUCTIONS_FILE + ".");
        }
        ModelOptions options = settings.optionsFor(model.slug());

        body.put("model", model.slug());
        body.put("store", false);
        body.put("stream", true);
        REFUSED_FIELDS.forEach(body::remove);
        String callerInstructions = body.path("instructions").isTextual() ? body.path("instructions").asText() : null;
        body.put("instructions", instructions);

        reasoning(body, model, options, resolved.effortFromName());
        text(body, model, options);
        include(body, options);
        ArrayNode input = input(body.get("input"));
        if (callerInstructions != null && !callerInstructions.isBlank() && !callerInstructions.equals(instructions)) {
            // the backend accepts only OpenAI's instructions; the caller's own travel as a developer message
            input.insert(0, developerMessage(callerInstructions));
        }
        body.set("input", input);
        JsonNode tools = body.get("tools");
        boolean hasTools = tools != null && tools.isArray() && !tools.isEmpty();
        if (hasTools) {
            body.put("tool_choice", "auto");
        }
        body.put("prompt_cache_key", request.conversationId().toString());
        if (model.useResponsesLite()) {
            lite(body, instructions);
        }
        return new PreparedRequest(body, model, request.conversationId(), request.turnState());
    }

    private void reasoning(ObjectNode body, ModelInfo model, ModelOptions options, String suffixEffort) {
        ObjectNode reasoning = body.path("reasoning").isObject() ? ((ObjectNode) body.get("reasoning")).deepCopy() : F.objectNode();
        String effort = firstNonNull(text(reasoning, "effort"), suffixEffort, options.effort(), model.defaultReasoningLevel());
        if (effort != null) {
            String supported = nearestEffort(effort, model.supportedReasoningLevels(), model.defaultReasoningLevel());
            if (supported != null) {
                reasoning.put("effort", supported);
            } else {
                reasoning.remove("effort");
            }
        }
        if (model.supportsReasoningSummaries()) {
            reasoning.put("summary", firstNonNull(text(reasoning, "summary"), options.summary(),
                    model.defaultReasoningSummary(), "auto"));
        } else {
            reasoning.remove("summary");
        }
        if (reasoning.isEmpty()) {
            body.remove("reasoning");
        } else {
            body.set("reasoning", reasoning);
        }
    }

    /**
     * The level to send for a wanted effort: {@code ultra} is {@code max}; a level the model lacks
     * moves to the nearest one it has (the higher one on a tie, so a request never thinks less than
     * half-way); an unknown word falls back to the model's default.
     */
    static String nearestEffort(String wanted, List<String> supported, String modelDefault) {
        String w = wanted.trim().toLowerCase(Locale.ROOT);
        if (w.equals("ultra")) {
            w = "max";
        }
        if (supported.isEmpty()) {
            return EFFORTS.contains(w) ? w : modelDefault;
        }
        if (supported.contains(w)) {
            return w;
        }
        int target = EFFORTS.indexOf(w);
        if (target < 0) {
            return modelDefault != null && supported.contains(modelDefault) ? modelDefault : supported.get(0);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String level : supported) {
            int i = EFFORTS.indexOf(level);
            if (i < 0) {
                continue;
            }
            int distance = Math.abs(i - target);
            if (distance < bestDistance || (distance == bestDistance && i > EFFORTS.indexOf(best))) {
                best = level;
                bestDistance = distance;
            }
        }
        return best != null ? best : supported.get(0);
    }

    private void text(ObjectNode body, ModelInfo model, ModelOptions options) {
        ObjectNode text = body.path("text").isObject() ? ((ObjectNode) body.get("text")).deepCopy() : F.objectNode();
        if (model.supportsVerbosity()) {
            String verbosity = firstNonNull(text(text, "verbosity"), options.verbosity(), model.defaultVerbosity());
            if (verbosity != null) {
                text.put("verbosity", verbosity);
            }
        } else {
            text.remove("verbosity");
        }
        if (text.isEmpty()) {
            body.remove("text");
        } else {
            body.set("text", text);
        }
    }

    private void include(ObjectNode body, ModelOptions options) {
        Set<String> values = new LinkedHashSet<>();
        if (body.path("include").isArray()) {
            body.path("include").forEach(v -> values.add(v.asText()));
        } else if (options.include() != null) {
            values.addAll(options.include());
        }
        values.add(ENCRYPTED_REASONING);
        ArrayNode include = body.putArray("include");
        values.forEach(include::add);
    }

    private ArrayNode input(JsonNode raw) {
        ArrayNode items = F.arrayNode();
        if (raw == null || raw.isNull()) {
            return items;
        }
        if (raw.isTextual()) {
            ObjectNode message = items.addObject().put("type", "message").put("role", "user");
            message.putArray("content").addObject().put("type", "input_text").put("text", raw.asText());
            return items;
        }
        Set<String> calls = new HashSet<>();
        for (JsonNode item : raw) {
            if (item.path("type").asText("").endsWith("_call") && item.hasNonNull("call_id")) {
                calls.add(item.path("call_id").asText());
            }
        }
        for (JsonNode item : raw) {
            if (!item.isObject()) {
                items.add(item);
                continue;
            }
            String type = item.path("type").asText("");
            if (type.equals("item_reference")) {
                continue; // with store:false the backend has nothing to reference
            }
            ObjectNode copy = F.objectNode();
            copy.setAll((ObjectNode) item); // shallow: the content stays shared, only the id goes
            copy.remove("id");
            if (type.endsWith("_call_output") && !calls.contains(copy.path("call_id").asText())) {
                items.add(orphanedOutput(copy));
            } else {
                items.add(copy);
            }
        }
        return items;
    }

    /**
     * A tool output whose call is gone would be refused; its content is kept as an assistant message.
     * The call (and with it the tool's name) is not in the input, so the name is the one the output
     * item carries, if any, else "tool".
     */
    private static ObjectNode orphanedOutput(ObjectNode item) {
        String callId = item.path("call_id").asText("");
        String name = item.path("name").isTextual() ? item.path("name").asText() : "tool";
        String output = outputText(item.get("output"));
        if (output.length() > ORPHAN_OUTPUT_LIMIT) {
            output = output.substring(0, ORPHAN_OUTPUT_LIMIT);
        }
        ObjectNode message = F.objectNode().put("type", "message").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text")
                .put("text", "[Previous " + name + " result; call_id=" + callId + "]: " + output);
        return message;
    }

    private static String outputText(JsonNode output) {
        if (output == null || output.isNull()) {
            return "";
        }
        if (output.isTextual()) {
            return output.asText();
        }
        if (output.isArray()) {
            List<String> texts = new ArrayList<>();
            output.forEach(part -> {
                if (part.path("text").isTextual()) {
                    texts.add(part.path("text").asText());
                }
            });
            if (!texts.isEmpty()) {
                return String.join("\n", texts);
            }
        }
        return output.toString();
    }

    /** Responses Lite: tools and instructions move into the input; one tool call at a time; reasoning over all turns. */
    private static void lite(ObjectNode body, String instructions) {
        body.remove("instructions");
        JsonNode tools = body.remove("tools");
        ArrayNode liteTools = F.arrayNode();
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                String type = tool.path("type").asText("");
                if (type.equals("function") || type.equals("custom") || type.equals("tool_search")) {
                    liteTools.add(tool);
                }
            }
        }
        ArrayNode input = (ArrayNode) body.get("input");
        ObjectNode additional = F.objectNode().put("type", "additional_tools").put("role", "developer");
        additional.set("tools", liteTools);
        input.insert(0, developerMessage(instructions));
        input.insert(0, additional);
        if (liteTools.isEmpty()) {
            body.remove("tool_choice");
        }
        body.put("parallel_tool_calls", false);
        ObjectNode reasoning = body.path("reasoning").isObject() ? (ObjectNode) body.get("reasoning") : body.putObject("reasoning");
        reasoning.put("context", "all_turns");
    }

    private static ObjectNode developerMessage(String text) {
        ObjectNode message = F.objectNode().put("type", "message").put("role", "developer");
        message.putArray("content").addObject().put("type", "input_text").put("text", text);
        return message;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
