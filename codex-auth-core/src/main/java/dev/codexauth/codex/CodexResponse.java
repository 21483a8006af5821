package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The final response of a request, assembled from the stream: on the Codex backend the terminal event
 * often carries {@code output: []}, so the items come from the {@code output_item.done} events.
 *
 * @param id               the response id
 * @param status           {@code completed} or {@code incomplete}
 * @param output           the output items in {@code output_index} order (reasoning items keep their
 *                         {@code encrypted_content}, which must be sent back on the next turn)
 * @param outputText       the concatenated text of the assistant's messages
 * @param reasoningSummary the reasoning summary parts joined by blank lines, or empty
 * @param usage            the token usage object, or null when the server sent none
 * @param response         the Response object as the terminal event sent it, with {@code output} filled in
 * @param rateLimits       the latest usage figures seen (headers, then {@code codex.rate_limits} events), or null
 * @param headers          what the response headers said (request id, turn state, served model)
 */
public record CodexResponse(String id, String status, List<JsonNode> output, String outputText, String reasoningSummary,
                            JsonNode usage, JsonNode response, RateLimits rateLimits, ReplyHeaders headers) {

    public CodexResponse {
        output = List.copyOf(output);
        headers = headers == null ? ReplyHeaders.NONE : headers;
    }

    /** The tool calls the model asked for ({@code function_call}, {@code custom_tool_call}, {@code local_shell_call}), in order. */
    public List<JsonNode> toolCalls() {
        return output.stream().filter(i -> i.path("type").asText("").endsWith("_call")
                && !i.path("type").asText().equals("web_search_call")).toList();
    }

    /** The x-codex-turn-state the server set, to replay within this turn. */
    public Optional<String> turnState() {
        return Optional.ofNullable(headers.turnState());
    }
}
