package dev.codexauth.config;

import java.util.List;

/**
 * Reasoning and text options for requests: set globally or per model in {@link Settings}. A null
 * component means "not set here": the next level of precedence decides (request, then per-model,
 * then global, then the model's own default).
 *
 * @param effort    reasoning effort ({@code none, minimal, low, medium, high, xhigh, max})
 * @param summary   reasoning summary ({@code auto, concise, detailed, none})
 * @param verbosity text verbosity ({@code low, medium, high})
 * @param include   extra {@code include} values; {@code reasoning.encrypted_content} is always added
 */
public record ModelOptions(String effort, String summary, String verbosity, List<String> include) {

    public static final ModelOptions NONE = new ModelOptions(null, null, null, null);

    public ModelOptions {
        include = include == null ? null : List.copyOf(include);
    }

    /** These options, with every unset component taken from {@code fallback}. */
    public ModelOptions orElse(ModelOptions fallback) {
        return new ModelOptions(
                effort != null ? effort : fallback.effort,
                summary != null ? summary : fallback.summary,
                verbosity != null ? verbosity : fallback.verbosity,
                include != null ? include : fallback.include);
    }
}
