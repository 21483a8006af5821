package dev.codexauth.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass by itself: the network, a timeout, HTTP 408/429/5xx, an overloaded server,
 * a stream cut short. The library has already retried where that was safe.
 */
public non-sealed class TransientException extends CodexAuthException {

    private final Duration retryAfter;

    public TransientException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** @param retryAfter how long the server asked us to wait, or null when it did not say */
    public TransientException(String message, Duration retryAfter, Throwable cause) {
        super(message, Recovery.RETRY, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
