package dev.codexauth.codex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.instructions.ModelInfo;
import java.util.UUID;

/**
 * A request after the backend's rules were applied: the body exactly as it will be sent, and what the
 * headers need to know.
 *
 * @param body           the body to send
 * @param model          the catalog entry the request resolved to
 * @param conversationId the conversation's UUID ({@code session-id}, {@code thread-id}, {@code x-client-request-id})
 * @param turnState      the {@code x-codex-turn-state} to replay, or null
 */
public record PreparedRequest(ObjectNode body, ModelInfo model, UUID conversationId, String turnState) {

    public PreparedRequest {
        body = body.deepCopy();
    }

    @Override
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** Whether the model speaks Responses Lite (its own body shape and header). */
    public boolean lite() {
        return model.useResponsesLite();
    }
}
