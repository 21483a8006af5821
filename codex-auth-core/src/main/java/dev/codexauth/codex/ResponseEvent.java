package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a Responses stream. The event's JSON {@code type} decides the record; {@link #raw()}
 * is the event's JSON as received. Types this library does not model arrive as {@link Other}, never
 * as an error.
 */
public sealed interface ResponseEvent {

    /** The event's {@code type}, e.g. {@code response.output_text.delta}. */
    default String type() {
        return raw().path("type").asText();
    }

    /** The event's JSON as received. */
    JsonNode raw();

    /**
     * The typed event for one event's JSON, decided by its {@code type} (the SSE {@code event:} name
     * is not trusted: some producers omit it).
     */
    static ResponseEvent of(JsonNode json) {
        String type = json.path("type").asText("");
        int index = json.path("output_index").asInt(0);
        String itemId = json.path("item_id").asText(null);
        return switch (type) {
            case "response.created" -> new Created(json.path("response").path("id").asText(null), json);
            case "response.output_text.delta" -> new TextDelta(index, itemId, json.path("delta").asText(""), json);
            case "response.reasoning_summary_text.delta" ->
                    new ReasoningSummaryDelta(index, json.path("summary_index").asInt(0), json.path("delta").asText(""), json);
            case "response.function_call_arguments.delta", "response.custom_tool_call_input.delta" ->
                    new ToolInputDelta(index, itemId, json.path("delta").asText(""), json);
            case "response.output_item.added" -> new OutputItemAdded(index, json.path("item"), json);
            case "response.output_item.done" -> new OutputItemDone(index, json.path("item"), json);
            case "codex.rate_limits" -> new RateLimitsUpdate(RateLimits.fromEvent(json), json);
            case "response.completed", "response.done" -> new Completed(json.path("response"), json);
            case "response.incomplete" -> new Incomplete(json.path("response"), json);
            case "response.failed" -> {
                JsonNode error = json.path("response").path("error");
                yield new Failed(error.path("code").asText(null), error.path("message").asText(null), json);
            }
            case "error" -> {
                // the plain SDK shape has code/message at the top; the backend's wrapped shape nests them
                JsonNode nested = json.path("error");
                String code = json.path("code").isTextual() ? json.path("code").asText()
                        : nested.path("code").isTextual() ? nested.path("code").asText() : nested.path("type").asText(null);
                String message = json.path("message").isTextual() ? json.path("message").asText()
                        : nested.path("message").asText(null);
                yield new Error(code, message, json);
            }
            default -> new Other(json);
        };
    }

    /** Whether this event ends the response. */
    default boolean isTerminal() {
        return this instanceof Completed || this instanceof Incomplete || this instanceof Failed || this instanceof Error;
    }

    /** {@code response.created}: the response has an id. */
    record Created(String responseId, JsonNode raw) implements ResponseEvent {}

    /** {@code response.output_text.delta}: the next piece of the answer. */
    record TextDelta(int outputIndex, String itemId, String delta, JsonNode raw) implements ResponseEvent {}

    /** {@code response.reasoning_summary_text.delta}: the next piece of a reasoning summary. */
    record ReasoningSummaryDelta(int outputIndex, int summaryIndex, String delta, JsonNode raw) implements ResponseEvent {}

    /** {@code response.function_call_arguments.delta} / {@code response.custom_tool_call_input.delta}. */
    record ToolInputDelta(int outputIndex, String itemId, String delta, JsonNode raw) implements ResponseEvent {}

    /** {@code response.output_item.added}: an output item opened. */
    record OutputItemAdded(int outputIndex, JsonNode item, JsonNode raw) implements ResponseEvent {}

    /** {@code response.output_item.done}: an output item, complete. */
    record OutputItemDone(int outputIndex, JsonNode item, JsonNode raw) implements ResponseEvent {}

    /** {@code codex.rate_limits}: the account's usage windows, as the backend reports them mid-stream. */
    record RateLimitsUpdate(RateLimits rateLimits, JsonNode raw) implements ResponseEvent {}

    /** {@code response.completed} (or the older {@code response.done}): terminal, success. */
    record Completed(JsonNode response, JsonNode raw) implements ResponseEvent {}

    /** {@code response.incomplete}: terminal, partial output (e.g. {@code max_output_tokens}). */
    record Incomplete(JsonNode response, JsonNode raw) implements ResponseEvent {}

    /** {@code response.failed}: terminal failure with the server's code and message. */
    record Failed(String code, String message, JsonNode raw) implements ResponseEvent {}

    /** {@code error}: terminal failure with the server's code and message. */
    record Error(String code, String message, JsonNode raw) implements ResponseEvent {}

    /** Any other event (keepalive, metadata, content parts, web search progress...), passed through. */
    record Other(JsonNode raw) implements ResponseEvent {}
}
