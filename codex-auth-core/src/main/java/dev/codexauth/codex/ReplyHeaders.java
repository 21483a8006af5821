package dev.codexauth.codex;

import java.time.Clock;
import java.util.function.Function;

/**
 * What the response headers of a request said, kept for the caller and for error reports.
 *
 * @param requestId   {@code x-request-id}, or null
 * @param cfRay       {@code cf-ray}, or null
 * @param turnState   {@code x-codex-turn-state}: to replay on later requests of the same turn, or null
 * @param servedModel {@code OpenAI-Model}: the model that actually served (safety routing may change it), or null
 * @param modelsEtag  {@code X-Models-Etag}: the account's catalog version, or null
 * @param rateLimits  the {@code x-codex-*} usage figures, or null
 */
public record ReplyHeaders(String requestId, String cfRay, String turnState, String servedModel, String modelsEtag,
                           RateLimits rateLimits) {

    /** No headers (a stream parsed without HTTP, e.g. from a file). */
    public static final ReplyHeaders NONE = new ReplyHeaders(null, null, null, null, null, null);

    /** @param header a header's value by case-insensitive name, or null */
    public static ReplyHeaders from(Function<String, String> header) {
        return from(header, Clock.systemUTC());
    }

    /**
     * @param header a header's value by case-insensitive name, or null
     * @param clock  the time the headers arrived (usage windows may say only how many seconds are left)
     */
    public static ReplyHeaders from(Function<String, String> header, Clock clock) {
        return new ReplyHeaders(header.apply("x-request-id"), header.apply("cf-ray"), header.apply("x-codex-turn-state"),
                header.apply("openai-model"), header.apply("x-models-etag"), RateLimits.fromHeaders(header, clock));
    }

    /** The id to quote in an error report: {@code x-request-id}, else {@code cf-ray}, else null. */
    public String reportId() {
        return requestId != null ? requestId : cfRay;
    }

    ReplyHeaders withTurnState(String state) {
        return new ReplyHeaders(requestId, cfRay, state, servedModel, modelsEtag, rateLimits);
    }
}
