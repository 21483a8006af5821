package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the Responses request bodies the CLI sends. Only what the user chose goes in: the client
 * applies the model's defaults, the settings' precedence and the backend's rules.
 */
final class Requests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Requests() {
    }

    /** A user message item. */
    static ObjectNode userMessage(String text) {
        ObjectNode message = JSON.objectNode().put("type", "message").put("role", "user");
        message.putArray("content").addObject().put("type", "input_text").put("text", text);
        return message;
    }

    /** A request body for {@code model} with this input and the options the user gave (nulls left out). */
    static ObjectNode body(String model, ArrayNode input, String effort, String summary, String verbosity) {
        ObjectNode body = JSON.objectNode();
        if (model != null) {
            body.put("model", model);
        }
        body.set("input", input.deepCopy());
        if (effort != null || summary != null) {
            ObjectNode reasoning = body.putObject("reasoning");
            if (effort != null) {
                reasoning.put("effort", effort);
            }
            if (summary != null) {
                reasoning.put("summary", summary);
            }
        }
        if (verbosity != null) {
            body.putObject("text").put("verbosity", verbosity);
        }
        return body;
    }
}
