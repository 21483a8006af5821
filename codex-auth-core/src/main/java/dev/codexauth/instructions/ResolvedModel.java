package dev.codexauth.instructions;

import java.util.Objects;

/**
 * What a requested model name stands for: the catalog's model, and the reasoning effort the name
 * itself carried ({@code gpt-5.1-codex-high} → {@code high}), which applies only when the request
 * sets no effort of its own.
 *
 * @param model          the model of the catalog to send
 * @param effortFromName the effort suffix of the requested name ({@code none|minimal|low|medium|high|xhigh}), or null
 */
public record ResolvedModel(ModelInfo model, String effortFromName) {

    public ResolvedModel {
        Objects.requireNonNull(model, "model");
    }
}
