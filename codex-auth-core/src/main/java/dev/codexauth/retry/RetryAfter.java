package dev.codexauth.retry;

import java.time.Duration;

/** Reads the {@code Retry-After} header of an HTTP answer (RFC 9110 §10.2.3). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * How long the server asked us to wait, in whole seconds, or null when it did not say. The
     * HTTP-date form is rare on the endpoints this library calls and, like a negative or fractional
     * number, reads as absent.
     *
     * @param value the header's value, or null when the answer had none
     */
    public static Duration parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
