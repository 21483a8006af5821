package dev.codexauth.error;

/**
 * A peer answered with something this library cannot use: a malformed token response or JWT, a
 * stream that ended before its terminal event, an {@code error} event. Whether retrying helps
 * depends on the case and is given by {@link #recovery()}.
 */
public non-sealed class ProtocolException extends CodexAuthException {

    public ProtocolException(String message, Recovery recovery, Throwable cause) {
        super(message, recovery, cause);
    }
}
