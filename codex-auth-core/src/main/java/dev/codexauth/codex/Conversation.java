package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A multi-turn conversation: its UUID (the backend's cache affinity), its history (including the
 * encrypted reasoning items, which must be sent back since nothing is stored server-side), and the
 * turn state the backend asks to be replayed within a turn.
 *
 * <p>A turn starts with a user message ({@link #ask}) and lasts while the model calls tools and the
 * caller answers them ({@link #toolOutput}, {@link #next}); the turn state is replayed only there.
 * Thread-safe (methods are synchronized); one conversation is meant for one sequence of requests.
 */
public final class Conversation {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final UUID id;
    private final ObjectNode template;
    private final List<JsonNode> history = new ArrayList<>();
    private String turnState;

    private Conversation(UUID id, ObjectNode template) {
        this.id = id;
        this.template = template;
    }

    /** A new conversation whose requests start from {@code template} (model, tools, reasoning...; its input is ignored). */
    public static Conversation start(ObjectNode template) {
        ObjectNode t = Objects.requireNonNull(template, "template").deepCopy();
        t.remove("input");
        return new Conversation(UUID.randomUUID(), t);
    }

    /** A new conversation with {@code model} and no other settings. */
    public static Conversation start(String model) {
        return start(F.objectNode().put("model", model));
    }

    public UUID id() {
        return id;
    }

    /** The history as it will be sent, oldest first. */
    public synchronized List<JsonNode> history() {
        return history.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    }

    /** The turn state to replay on the next request of this turn, or null. */
    public synchronized String turnState() {
        return turnState;
    }

    /** Starts a new turn with a user message and returns the request to send. */
    public synchronized ResponsesRequest ask(String text) {
        ObjectNode message = F.objectNode().put("type", "message").put("role", "user");
        message.putArray("content").addObject().put("type", "input_text").put("text", text);
        history.add(message);
        turnState = null; // turn state never crosses turns
        return next();
    }

    /** Adds the caller's answer to a tool call of this turn. */
    public synchronized void toolOutput(String callId, String output) {
        history.add(F.objectNode().put("type", "function_call_output").put("call_id", callId).put("output", output));
    }

    /** Adds any input item (e.g. a {@code custom_tool_call_output}). */
    public synchronized void add(JsonNode item) {
        history.add(item.deepCopy());
    }

    /** The request that continues this turn (after tool outputs were added). */
    public synchronized ResponsesRequest next() {
        ObjectNode body = template.deepCopy();
        ArrayNode input = body.putArray("input");
        history.forEach(item -> input.add(item.deepCopy()));
        return new ResponsesRequest(body, id, turnState);
    }

    /** Records a response: its output items join the history, and its turn state is kept for this turn. */
    public synchronized void record(CodexResponse response) {
        response.output().forEach(item -> history.add(item.deepCopy()));
        response.turnState().ifPresent(state -> turnState = state);
    }
}
