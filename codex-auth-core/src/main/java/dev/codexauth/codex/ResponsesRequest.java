package dev.codexauth.codex;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;

/**
 * An OpenAI Responses API request as the caller wrote it ({@code model}, {@code input},
 * {@code tools}, {@code reasoning}...), before the backend's rules are applied, plus the conversation
 * it belongs to. The body is copied in and out, so the request is immutable.
 *
 * @param body           the Responses request JSON
 * @param conversationId the conversation's UUID ({@code prompt_cache_key}, {@code session-id}...)
 * @param turnState      the {@code x-codex-turn-state} an earlier response of the same turn set, or null
 */
public record ResponsesRequest(ObjectNode body, UUID conversationId, String turnState) {

    public ResponsesRequest {
        body = Objects.requireNonNull(body, "body").deepCopy();
        Objects.requireNonNull(conversationId, "conversationId");
    }

    /** A request of a conversation, at the start of a turn (no turn state). */
    public ResponsesRequest(ObjectNode body, UUID conversationId) {
        this(body, conversationId, null);
    }

    /** A request in a new conversation of its own. */
    public static ResponsesRequest of(ObjectNode body) {
        return new ResponsesRequest(body, UUID.randomUUID());
    }

    /** A one-question request: {@code model} and a single user message. */
    public static ResponsesRequest ofText(String model, String prompt) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode body = f.objectNode().put("model", model);
        ObjectNode message = body.putArray("input").addObject().put("type", "message").put("role", "user");
        message.putArray("content").addObject().put("type", "input_text").put("text", prompt);
        return of(body);
    }

    /** The model the caller asked for, as written. */
    public String model() {
        return body.path("model").asText("");
    }

    @Override
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** The body itself, not a copy: for {@link RequestTransformer}, which never changes it. */
    ObjectNode sharedBody() {
        return body;
    }
}
