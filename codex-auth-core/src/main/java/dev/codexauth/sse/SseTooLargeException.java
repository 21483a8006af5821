package dev.codexauth.sse;

/**
 * One event (or one line) of a stream exceeded the parser's size limit: the peer is not sending a
 * sensible stream, and buffering more would put memory at risk.
 */
public final class SseTooLargeException extends IllegalStateException {

    SseTooLargeException(int limit) {
        super("A server-sent event exceeded " + limit + " characters; the stream was abandoned. "
                + "If the server really sends events this large, raise the parser's maximum event size.");
    }
}
