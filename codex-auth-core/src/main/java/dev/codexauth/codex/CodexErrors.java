package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.codex.logging.Redactor;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.error.UsageLimitException;
import dev.codexauth.retry.RetryAfter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the Codex backend says went wrong (SPEC §8) into the library's exceptions, each with a
 * message that says what to do. Pure: no I/O.
 */
public final class CodexErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Redactor REDACT = Redactor.standard();
    private static final Pattern TRY_AGAIN = Pattern.compile("(?i)try again in\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|seconds?)");

    private CodexErrors() {
    }

    /**
     * What the request was about, for the messages.
     *
     * @param model    the catalog slug the request named
     * @param listed   the models the user may pick, best first
     * @param identity the client identity sent
     * @param clock    the clock to count down to a reset
     */
    public record Context(String model, List<String> listed, ClientIdentity identity, Clock clock) {
        public Context {
            listed = List.copyOf(listed);
        }
    }

    /**
     * The exception for an HTTP error answer (before any event).
     *
     * @param header a response header by case-insensitive name, or null
     * @param body   the answer's body as text
     */
    public static CodexAuthException http(int status, Function<String, String> header, String body, Context context) {
        JsonNode json = parse(body);
        JsonNode error = json.path("error");
        String type = firstText(error.path("type"), error.path("code"));
        String code = firstText(error.path("code"), error.path("type"));
        // a server that echoes its input must not carry a token into an exception message
        String detail = REDACT.text(firstText(json.path("detail"), error.path("message")));
        String requestId = header.apply("x-request-id") != null ? header.apply("x-request-id") : header.apply("cf-ray");
        String ref = requestId == null ? "" : " (request id " + requestId + ")";
        if ("usage_limit_reached".equals(type) || "usage_not_included".equals(type)
                || "usage_limit_reached".equals(code) || "usage_not_included".equals(code)) {
            return usageLimit(error, header, "usage_not_included".equals(type) || "usage_not_included".equals(code), context.clock());
        }
        String model = context.model();
        String pick = context.listed().isEmpty() ? "" : " Pick one of: " + String.join(", ", context.listed()) + ".";
        if (status == 401) {
            return new SignInRequiredException("The Codex backend refused the sign-in even after a token refresh"
                    + ref + ". Sign in again.");
        }
        // some deployments answer 404 where others answer 429 (SPEC §8): the same wait applies
        boolean rateLimited = status == 429
                || (status == 404 && ("rate_limit_exceeded".equals(type) || "rate_limit_exceeded".equals(code)));
        if (!rateLimited && (status == 400 || status == 404)) {
            String d = detail == null ? "" : detail;
            String lower = d.toLowerCase(Locale.ROOT);
            String message;
            if (lower.contains("instructions are not valid")) {
                message = "The backend did not accept the instructions sent for '" + model + "': it takes only OpenAI's own "
                        + "Codex instructions. Refresh the model catalog, or remove a custom instructions file ("
                        + Settings.INSTRUCTIONS_FILE + ").";
            } else if (lower.contains("requires a newer version")) {
                message = "The model '" + model + "' needs a newer Codex client version than " + context.identity().version()
                        + ". Raise " + Settings.CLIENT_VERSION + " to the latest Codex CLI release, or pick another model." + pick;
            } else if (lower.contains("not supported when using codex with a chatgpt account")) {
                message = "The model '" + model + "' is not available with a ChatGPT sign-in." + pick;
            } else if (status == 404 && lower.contains("model not found")) {
                message = "The model '" + model + "' is not available to this account, or the client identity (originator "
                        + context.identity().originator() + ", version " + context.identity().version() + ") is not accepted."
                        + pick + " Check " + Settings.ORIGINATOR + " and " + Settings.CLIENT_VERSION + ".";
            } else {
                message = "The Codex backend rejected the request (HTTP " + status + ")" + (d.isEmpty() ? "" : ": " + d)
                        + ". Change the request and send it again.";
            }
            return new RequestRejectedException(message + ref, status, code, requestId);
        }
        if (status == 408 || rateLimited || status >= 500) {
            Duration retryAfter = RetryAfter.parse(header.apply("retry-after"));
            if (retryAfter == null && rateLimited) {
                retryAfter = delayIn(detail == null ? "" : detail);
            }
            String what = rateLimited ? "is rate limiting requests" : status == 408 ? "timed out"
                    : "is unavailable or overloaded";
            return new TransientException("The Codex backend " + what + " (HTTP " + status + (code == null ? "" : ", " + code)
                    + ")" + ref + ". Try again in a moment.", retryAfter, null);
        }
        return new RequestRejectedException("The Codex backend answered HTTP " + status + (detail == null ? "" : ": " + detail)
                + ref + ".", status, code, requestId);
    }

    /** The exception for an in-stream {@code response.failed} or {@code error} event. */
    public static CodexAuthException streamFailure(String code, String message, String requestId) {
        String ref = requestId == null ? "" : " (request id " + requestId + ")";
        String said = message == null || message.isBlank() ? "no message" : REDACT.text(message);
        String c = code == null ? "" : code;
        switch (c) {
            case "rate_limit_exceeded":
                return new TransientException("The Codex backend is rate limiting: " + said + ref, delayIn(said), null);
            case "context_length_exceeded":
                return new RequestRejectedException("The conversation no longer fits the model's context window: " + said
                        + ". Start a new conversation or shorten the input." + ref, 0, code, requestId);
            case "insufficient_quota":
                return new RequestRejectedException("The account has no quota left for this request: " + said + ref, 0, code, requestId);
            case "usage_not_included":
                return new UsageLimitException("Your ChatGPT plan does not include Codex: " + said
                        + ". Upgrade the plan or sign in with another account." + ref, code, null, null, null);
            case "usage_limit_reached":
                return new UsageLimitException("You have hit your ChatGPT usage limit: " + said + ref, code, null, null, null);
            default:
                return new TransientException("The Codex backend failed the response: " + said
                        + (code == null ? "" : " (" + code + ")") + ref + ". Try again.", null);
        }
    }

    /** The exception for a stream that ended before its terminal event. */
    public static TransientException streamCut(String requestId) {
        return new TransientException("The answer stream ended before the response was complete"
                + (requestId == null ? "" : " (request id " + requestId + ")") + ". Try again.", null);
    }

    private static UsageLimitException usageLimit(JsonNode error, Function<String, String> header, boolean notIncluded, Clock clock) {
        String plan = firstText(error.path("plan_type"));
        if (plan == null) {
            plan = header.apply("x-codex-plan-type");
        }
        Instant now = clock.instant();
        Instant resetsAt = null;
        // the server's numbers are used only when they are dates at all: 1e300 would be a DateTimeException
        if (error.path("resets_at").isNumber() && Math.abs(error.path("resets_at").asDouble()) < 1e15) {
            resetsAt = Instant.ofEpochSecond(error.path("resets_at").asLong());
        } else if (error.path("resets_in_seconds").isNumber() && Math.abs(error.path("resets_in_seconds").asDouble()) < 1e15) {
            resetsAt = now.plusSeconds(error.path("resets_in_seconds").asLong());
        }
        RateLimits limits = RateLimits.fromHeaders(header, clock);
        RateLimits.Window window = null;
        if (limits != null) {
            RateLimits.Window p = limits.primary();
            RateLimits.Window s = limits.secondary();
            window = p == null ? s : s == null ? p : (s.usedPercent() > p.usedPercent() ? s : p);
        }
        if (resetsAt == null && window != null) {
            resetsAt = window.resetsAt();
        }
        Double used = window == null ? null : window.usedPercent();
        String planText = plan == null ? "" : " (" + plan + " plan)";
        if (notIncluded) {
            return new UsageLimitException("Your ChatGPT plan" + planText + " does not include Codex. Upgrade the plan or "
                    + "sign in with another account.", "usage_not_included", plan, resetsAt, used);
        }
        String when = resetsAt == null ? " Try again later." : " Try again in " + humanDuration(Duration.between(now, resetsAt)) + ".";
        return new UsageLimitException("You have hit your ChatGPT usage limit" + planText + "." + when,
                "usage_limit_reached", plan, resetsAt, used);
    }

    /** {@code ~42 min}, {@code ~3 h 5 min}, {@code ~2 days}: rounded up, for people. */
    static String humanDuration(Duration d) {
        long minutes = Math.max(1, (d.getSeconds() + 59) / 60);
        if (d.isNegative() || d.isZero()) {
            return "a moment";
        }
        if (minutes < 60) {
            return "~" + minutes + " min";
        }
        if (minutes < 48 * 60) {
            long h = minutes / 60;
            long m = minutes % 60;
            return "~" + h + " h" + (m == 0 ? "" : " " + m + " min");
        }
        return "~" + ((minutes + 24 * 60 - 1) / (24 * 60)) + " days";
    }

    /** The delay a message like "try again in 11.054s" asks for, or null. */
    static Duration delayIn(String message) {
        Matcher m = TRY_AGAIN.matcher(message);
        if (!m.find()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1));
        return m.group(2).equalsIgnoreCase("ms") ? Duration.ofMillis((long) Math.ceil(value))
                : Duration.ofMillis((long) Math.ceil(value * 1000));
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }
}
