package dev.codexauth.instructions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model of the catalog (SPEC §6), immutable. {@link #raw()} keeps every field as received,
 * including the ones this library does not read.
 */
public record ModelInfo(
        String slug,
        String displayName,
        String description,
        int priority,
        String visibility,
        String defaultReasoningLevel,
        List<String> supportedReasoningLevels,
        boolean supportsReasoningSummaries,
        String defaultReasoningSummary,
        boolean supportsVerbosity,
        String defaultVerbosity,
        Long contextWindow,
        boolean useResponsesLite,
        String minimalClientVersion,
        String baseInstructions,
        String instructionsTemplate,
        Map<String, String> instructionsVariables,
        ObjectNode raw) {

    public ModelInfo {
        supportedReasoningLevels = List.copyOf(supportedReasoningLevels);
        instructionsVariables = Map.copyOf(instructionsVariables);
        raw = raw.deepCopy();
    }

    /** Reads one catalog entry; absent fields get neutral values. */
    public static ModelInfo fromJson(JsonNode node) {
        if (!node.isObject() || !node.path("slug").isTextual() || node.path("slug").asText().isBlank()) {
            throw new IllegalArgumentException("a model entry needs a non-empty \"slug\"");
        }
        List<String> levels = new ArrayList<>();
        for (JsonNode level : node.path("supported_reasoning_levels")) {
            String effort = level.isTextual() ? level.asText() : level.path("effort").asText(null);
            if (effort != null) {
                levels.add(effort);
            }
        }
        JsonNode messages = node.path("model_messages");
        Map<String, String> variables = new LinkedHashMap<>();
        messages.path("instructions_variables").fields()
                .forEachRemaining(e -> { if (e.getValue().isTextual()) variables.put(e.getKey(), e.getValue().asText()); });
        return new ModelInfo(
                node.path("slug").asText(),
                text(node, "display_name"),
                text(node, "description"),
                node.path("priority").asInt(Integer.MAX_VALUE),
                node.path("visibility").asText("list"),
                text(node, "default_reasoning_level"),
                levels,
                node.path("supports_reasoning_summaries").asBoolean(false)
                        || node.path("supports_reasoning_summary_parameter").asBoolean(false),
                text(node, "default_reasoning_summary"),
                node.path("support_verbosity").asBoolean(false),
                text(node, "default_verbosity"),
                node.path("context_window").isNumber() ? node.path("context_window").asLong() : null,
                node.path("use_responses_lite").asBoolean(false),
                text(node, "minimal_client_version"),
                text(node, "base_instructions"),
                text(messages, "instructions_template"),
                variables,
                (ObjectNode) node);
    }

    /**
     * The instructions to send for this model (SPEC §6): the template with {@code {{ personality }}}
     * replaced by {@code personality_<personality>} (a missing variable is empty), else the base
     * instructions; null when the entry has neither.
     */
    public String instructions(String personality) {
        if (instructionsTemplate != null) {
            String value = instructionsVariables.getOrDefault("personality_" + personality, "");
            return instructionsTemplate.replace("{{ personality }}", value);
        }
        return baseInstructions;
    }

    /**
     * {@link #instructions(String)}, refusing to go on without any: the backend accepts only OpenAI's
     * own instructions, so a request must never be sent without them.
     *
     * @throws dev.codexauth.error.ProtocolException when the catalog entry carries neither a template
     *         nor base instructions
     */
    public String requireInstructions(String personality) {
        String text = instructions(personality);
        if (text == null || text.isBlank()) {
            throw new dev.codexauth.error.ProtocolException("The model catalog gives no instructions for '" + slug
                    + "', and the backend accepts no request without OpenAI's own. Pick another model, or set "
                    + dev.codexauth.config.Settings.INSTRUCTIONS_FILE + ".", dev.codexauth.error.Recovery.CHANGE_REQUEST, null);
        }
        return text;
    }

    /**
     * This model with the user's instructions in place of OpenAI's (SPEC §6: an override wins over
     * template and base instructions).
     */
    public ModelInfo withInstructions(String instructions) {
        return new ModelInfo(slug, displayName, description, priority, visibility, defaultReasoningLevel,
                supportedReasoningLevels, supportsReasoningSummaries, defaultReasoningSummary, supportsVerbosity,
                defaultVerbosity, contextWindow, useResponsesLite, minimalClientVersion, instructions, null,
                Map.of(), raw);
    }

    /** Whether users should see it in a model list ({@code visibility: "list"}). */
    public boolean listed() {
        return "list".equals(visibility);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
