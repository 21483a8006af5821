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
