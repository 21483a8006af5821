package dev.codexauth.codex;

/**
 * The events of one response as they arrive. Iterate it once; close it to cancel (closing the
 * connection). A stream that ends without a terminal event, or with {@code response.failed} or
 * {@code error}, throws a {@link dev.codexauth.error.CodexAuthException} from the iterator.
 * Not thread-safe: one reader.
 */
public interface ResponseStream extends Iterable<ResponseEvent>, AutoCloseable {

    /** Reads the rest of the stream and returns the final response. */
    CodexResponse finalResponse();

    /** The latest usage figures: from the response headers at first, then from {@code codex.rate_limits} events; or null. */
    RateLimits rateLimits();

    /** What the response headers said (request id, turn state, served model, rate limits). */
    ReplyHeaders headers();

    @Override
    void close();
}
