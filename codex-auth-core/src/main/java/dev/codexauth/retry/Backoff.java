package dev.codexauth.retry;

import dev.codexauth.error.TransientException;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How a transiently failing call is retried: at most {@code attempts} sends, waiting exponentially
 * from {@code initial}, capped at {@code max}, with "equal jitter" (half fixed, half random) so
 * processes that failed together do not retry together, yet never retry at once. Used by token
 * refreshes and Codex requests alike.
 *
 * @param attempts how many times the call is sent in all (1 = never retried)
 * @param initial  the ceiling of the first wait
 * @param max      the ceiling of every wait, a server's {@code Retry-After} included
 */
public record Backoff(int attempts, Duration initial, Duration max) {

    /** @throws IllegalArgumentException unless {@code attempts >= 1} and {@code 0 <= initial <= max} */
    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based). A server's {@code Retry-After} wins
     * when it asks for longer, but never beyond {@code max}: a retry must not stall its caller.
     *
     * @param failure what went wrong, for its {@link TransientException#retryAfter()}
     * @param random  a source of numbers in [0, 1)
     */
    public Duration delayAfter(int attempt, TransientException failure, DoubleSupplier random) {
        long ceiling = initial.toMillis();
        for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling = Math.min(max.toMillis(), ceiling * 2);
        }
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        long delay = half + (long) (random.getAsDouble() * (ceiling - half));
        long asked = failure.retryAfter().map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.min(max.toMillis(), Math.max(delay, asked)));
    }
}
