package dev.codexauth.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.TransientException;
import dev.codexauth.error.UsageLimitException;
import java.time.Duration;
import java.util.Locale;

/**
 * A failure as the SDK understands one: the HTTP status that selects its typed exception
 * ({@code 429 → RateLimitException}, {@code 400 → BadRequestException}, {@code 404 → NotFoundException},
 * {@code 401 → UnauthorizedException}, {@code 5xx → InternalServerException}), the OpenAI error object
 * whose {@code message} becomes the exception's message, and whether the SDK may retry.
 *
 * @param status     the HTTP status to answer with
 * @param error      the {@code {"message","type","code","param",...}} object
 * @param retry      whether sending the same request again can help (the {@code X-Should-Retry} header)
 * @param retryAfter how long to wait first, or null
 * @param requestId  the backend's request id, for error reports, or null
 */
record SdkError(int status, ObjectNode error, boolean retry, Duration retryAfter, String requestId) {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The SDK's view of one of this library's failures; the message is ours, already free of secrets. */
    static SdkError of(CodexAuthException e) {
        String recovery = e.recovery().name().toLowerCase(Locale.ROOT);
        if (e instanceof UsageLimitException u) {
            // the backend's own shape (SPEC §8), so code written for it can read plan and reset time
            ObjectNode error = object(e.getMessage(), u.type(), u.type(), recovery);
            u.planType().ifPresent(plan -> error.put("plan_type", plan));
            u.resetsAt().ifPresent(at -> error.put("resets_at", at.getEpochSecond()));
            return new SdkError(429, error, false, null, null);
        }
        return switch (e.recovery()) {
            case RETRY -> {
                Duration after = e instanceof TransientException t ? t.retryAfter().orElse(null) : null;
                // a server that named a delay is rate limiting (429); anything else is "unavailable" (503)
                yield new SdkError(after != null ? 429 : 503,
                        object(e.getMessage(), after != null ? "rate_limit_exceeded" : "server_error", null, recovery),
                        true, after, null);
            }
            case SIGN_IN -> new SdkError(401, object(e.getMessage(), "sign_in_required", null, recovery), false, null, null);
            case CHANGE_REQUEST -> {
                if (e instanceof RequestRejectedException r) {
                    int status = r.status() == 400 || r.status() == 404 ? r.status() : 400;
                    yield new SdkError(status, object(e.getMessage(), "invalid_request_error", r.code().orElse(null), recovery),
                            false, null, r.requestId().orElse(null));
                }
                yield new SdkError(400, object(e.getMessage(), "invalid_request_error", null, recovery), false, null, null);
            }
            case WAIT_FOR_RESET -> new SdkError(429, object(e.getMessage(), "usage_limit_reached", null, recovery), false, null, null);
            case FIX_CONFIGURATION -> new SdkError(400, object(e.getMessage(), "configuration_error", null, recovery), false, null, null);
            case FIX_ENVIRONMENT -> new SdkError(500, object(e.getMessage(), "environment_error", null, recovery), false, null, null);
        };
    }

    /** An endpoint the Codex backend does not serve: answered here, nothing sent anywhere. */
    static SdkError notAvailable(String method, String path) {
        return new SdkError(404, object(method + " /" + path + " is not available on a ChatGPT subscription: the Codex "
                + "backend serves only the Responses API (client.responses().create(...) and createStreaming(...)). "
                + "Nothing was sent. Use an OpenAI API key and the SDK's own HTTP client for other endpoints.",
                "not_available_on_chatgpt_subscription", null, "change_request"), false, null, null);
    }

    /** A responses request whose body is not one JSON object (this client accepts no uploads). */
    static SdkError badBody() {
        return new SdkError(400, object("The responses request has no JSON body this client can send to the Codex "
                + "backend. Build it with ResponseCreateParams.", "invalid_request_error", null, "change_request"),
                false, null, null);
    }

    /** {@code {"error": {...}}}, the body of an HTTP error answer. */
    ObjectNode body() {
        ObjectNode body = F.objectNode();
        body.set("error", error.deepCopy());
        return body;
    }

    private static ObjectNode object(String message, String type, String code, String recovery) {
        ObjectNode error = F.objectNode();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        error.putNull("param");
        error.put("recovery", recovery);
        return error;
    }
}
