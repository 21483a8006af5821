package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The final response of a request, assembled from the stream: on the Codex backend the terminal event
 * often carries {@code output: []}, so the items come from the {@code output_item.done} events.
 *
 * @param id         the response id
 * @param status     {@code completed} or {@code incomplete}
 * @param output     the output items in {@code output_index} order
 * @param outputText the concatenated text of the assistant's messages
 * @param response   the Response object as the terminal event sent it, with {@code output} filled in
 * @param rateLimits the usage figures seen on this response, or null
 */
public record CodexResponse(String id, String status, List<JsonNode> output, String outputText,
                            JsonNode response, RateLimits rateLimits) {

    public CodexResponse {
        output = List.copyOf(output);
    }
}
