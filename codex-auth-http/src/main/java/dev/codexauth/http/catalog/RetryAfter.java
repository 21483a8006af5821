package dev.codexauth.http.catalog;

import java.time.Duration;

/** {@code Retry-After} in seconds; the HTTP-date form is rare on these endpoints and read as absent. */
final class RetryAfter {

    private RetryAfter() {
    }

    static Duration parse(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
