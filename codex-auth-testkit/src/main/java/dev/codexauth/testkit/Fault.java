package dev.codexauth.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * A scripted failure, armed with {@link Faults#arm(String, Fault, int)} for the next calls of an
 * endpoint. HTTP-level faults (status, usage limits, delay, unauthorized, closed connection) work
 * on every endpoint; stream faults (cut, failed, error event, malformed data, hold) shape the SSE
 * stream of {@link Endpoint#RESPONSES} and are ignored elsewhere.
 */
public sealed interface Fault {

    /** 429 {@code usage_limit_reached} with {@code resets_at} 42 minutes ahead and the x-codex-* headers at 100%. */
    static Fault usageLimit() {
        return new UsageLimit(429, "usage_limit_reached", Duration.ofMinutes(42));
    }

    /** Like {@link #usageLimit()} with the reset this far ahead. */
    static Fault usageLimit(Duration resetsIn) {
        return new UsageLimit(429, "usage_limit_reached", resetsIn);
    }

    /** The usage limit as some deployments answer it: 404 with the same body. */
    static Fault usageLimitAs404() {
        return new UsageLimit(404, "usage_limit_reached", Duration.ofMinutes(42));
    }

    /** 429 {@code usage_not_included}: the plan lacks Codex. */
    static Fault usageNotIncluded() {
        return new UsageLimit(429, "usage_not_included", Duration.ZERO);
    }

    /** This HTTP status with an error envelope ({@code server_error} for 5xx). */
    static Fault status(int code) {
        return new Status(code, null, null);
    }

    /** 503 {@code server_is_overloaded}. */
    static Fault overloaded() {
        return new Status(503, "server_is_overloaded", "Our servers are currently overloaded. Please try again later.");
    }

    /** Waits this long before answering normally. */
    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    /** Streams part of the answer, then drops the connection inside an event: no terminal event. */
    static Fault cutMidEvent() {
        return new CutMidEvent();
    }

    /** Streams the start of the answer, then a terminal {@code response.failed} with this error. */
    static Fault responseFailed(String code, String message) {
        return new ResponseFailed(code, message);
    }

    /** Streams the start of the answer, then a terminal {@code error} event. */
    static Fault errorEvent(String code, String message) {
        return new ErrorEvent(code, message);
    }

    /** A non-JSON {@code data:} line early in the stream, then the normal stream. */
    static Fault malformedData() {
        return new MalformedData();
    }

    /** Closes the connection without sending any response. */
    static Fault closeWithoutResponse() {
        return new CloseWithoutResponse();
    }

    /** Streams the first text delta, then waits until {@code release} is counted down (or the sandbox closes). */
    static Fault holdAfterFirstDelta(CountDownLatch release) {
        return new HoldAfterFirstDelta(release);
    }

    /** 401 once, as if the bearer token had been rejected. */
    static Fault unauthorized() {
        return new Unauthorized();
    }

    /**
     * On {@link Endpoint#AUTHORIZE}: the sign-in ends with {@code error=access_denied} and
     * {@code error_description=missing_codex_entitlement}, as when Codex is not enabled for the
     * user's workspace.
     */
    static Fault missingCodexEntitlement() {
        return new MissingCodexEntitlement();
    }

    /** A usage-limit answer (429, or 404 as some deployments send). */
    record UsageLimit(int status, String type, Duration resetsIn) implements Fault {
        public UsageLimit {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(resetsIn, "resetsIn");
        }
    }

    /** An HTTP status with an error envelope; {@code code} and {@code message} may be null for defaults. */
    record Status(int status, String code, String message) implements Fault {
        public Status {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("an HTTP status is 100-599, not " + status);
            }
        }
    }

    /** A pause before the normal answer. */
    record Delay(Duration duration) implements Fault {
        public Delay {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** The stream stops inside an event. */
    record CutMidEvent() implements Fault {
    }

    /** An in-stream {@code response.failed}. */
    record ResponseFailed(String code, String message) implements Fault {
    }

    /** An in-stream {@code error} event. */
    record ErrorEvent(String code, String message) implements Fault {
    }

    /** A data line that is not JSON. */
    record MalformedData() implements Fault {
    }

    /** No response at all: the connection is closed. */
    record CloseWithoutResponse() implements Fault {
    }

    /** The stream pauses after its first text delta until released. */
    record HoldAfterFirstDelta(CountDownLatch release) implements Fault {
        public HoldAfterFirstDelta {
            Objects.requireNonNull(release, "release");
        }
    }

    /** The workspace lacks Codex: the authorize redirect carries {@code access_denied}. */
    record MissingCodexEntitlement() implements Fault {
    }

    /** A 401 as if the token had been rejected. */
    record Unauthorized() implements Fault {
    }
}
