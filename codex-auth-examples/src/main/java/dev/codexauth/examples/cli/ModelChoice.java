package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.codex.Conversation;
import picocli.CommandLine.Option;

/**
 * The model options {@code ask} and {@code chat} share. Only what the user chose goes into the
 * request: the client fills in the rest from settings and the model's defaults, and without a model
 * it picks the account's default one.
 */
final class ModelChoice {

    @Option(names = "--model", paramLabel = "M", description = "The model's slug (see `codex-auth models`); default: the account's default model.")
    String model;

    @Option(names = "--effort", paramLabel = "E", description = "Reasoning effort: none, minimal, low, medium, high, xhigh (moved to the nearest the model supports).")
    String effort;

    @Option(names = "--summary", paramLabel = "S", description = "Reasoning summary: auto, concise, detailed, none. Summaries are printed to stderr.")
    String summary;

    @Option(names = "--verbosity", paramLabel = "V", description = "Answer verbosity: low, medium, high (where the model supports it).")
    String verbosity;

    /** Whether the user asked to see reasoning summaries. */
    boolean showSummary() {
        return summary != null && !summary.equalsIgnoreCase("none");
    }

    /** A conversation whose requests carry these options. */
    Conversation startConversation() {
        ObjectNode template = JsonNodeFactory.instance.objectNode();
        if (model != null) {
            template.put("model", model);
        }
        if (effort != null || summary != null) {
            ObjectNode reasoning = template.putObject("reasoning");
            if (effort != null) {
                reasoning.put("effort", effort);
            }
            if (summary != null) {
                reasoning.put("summary", summary);
            }
        }
        if (verbosity != null) {
            template.putObject("text").put("verbosity", verbosity);
        }
        return Conversation.start(template);
    }
}
