package dev.codexauth.codex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.instructions.ModelInfo;
import java.util.UUID;

/**
 * A request after the backend's rules were applied: the body exactly as it will be sent, and what the
 * headers need to know. The constructor keeps the body it is given (a conversation can be large, and
 * the {@link RequestTransformer} hands over one nobody else changes); {@link #body()} returns a copy,
 * and {@link #bodyJson()} the bytes to send without one.
 *
 * @param body           the body to send
 * @param model          the catalog entry the request resolved to
 * @param conversationId the conversation's UUID ({@code session-id}, {@code thread-id}, {@code x-client-request-id})
 * @param turnState      the {@code x-codex-turn-state} to replay, or null
 */
public record PreparedRequest(ObjectNode body, ModelInfo model, UUID conversationId, String turnState) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A copy of the body, to read or change freely. */
    @Override
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** The body as the UTF-8 JSON to send, written straight from the tree (no copy of it). */
    public byte[] bodyJson() {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Whether the model speaks Responses Lite (its own body shape and header). */
    public boolean lite() {
        return model.useResponsesLite();
    }
}
