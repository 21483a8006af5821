package dev.codexauth.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fills in what the SDK's Response model requires and the Codex backend leaves out, so that
 * {@code response.usage().get().inputTokensDetails().cachedTokens()} and friends (and
 * {@code responseValidation(true)}) work: token detail objects the backend sends as null or without
 * all their counts become zeros. Everything the backend did send is kept as it was.
 */
final class ResponseShape {

    private ResponseShape() {
    }

    /** A copy of {@code response} shaped for the SDK. */
    static JsonNode forSdk(JsonNode response) {
        if (!(response instanceof ObjectNode object)) {
            return response;
        }
        ObjectNode copy = object.deepCopy();
        if (copy.path("usage") instanceof ObjectNode usage) {
            for (String count : new String[] {"input_tokens", "output_tokens", "total_tokens"}) {
                zeroIfMissing(usage, count);
            }
            zeroIfMissing(details(usage, "input_tokens_details"), "cached_tokens");
            zeroIfMissing(details(usage, "input_tokens_details"), "cache_write_tokens");
            zeroIfMissing(details(usage, "output_tokens_details"), "reasoning_tokens");
        }
        return copy;
    }

    private static ObjectNode details(ObjectNode usage, String name) {
        return usage.path(name) instanceof ObjectNode d ? d : usage.putObject(name);
    }

    private static void zeroIfMissing(ObjectNode node, String field) {
        if (!node.path(field).isNumber()) {
            node.put(field, 0);
        }
    }
}
