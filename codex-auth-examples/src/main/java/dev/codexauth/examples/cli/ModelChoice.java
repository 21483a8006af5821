package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** The model options {@code ask} and {@code chat} share; unset ones are left to settings and the model. */
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

    /** The request body for this input, with the chosen (or the default) model. */
    ObjectNode body(Components components, ArrayNode input) {
        String slug = model != null ? model : components.defaultModel();
        return Requests.body(slug, input, effort, summary, verbosity);
    }
}
