package dev.codexauth.token;

import dev.codexauth.error.TransientException;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt of a refresh that failed transiently: exponential from
 * {@code initial}, capped at {@code max}, with "equal jitter" (half fixed, half random) so processes
 * that failed together do not retry together, yet never retry at once.
 *
 * @param attempts how many times a refresh is sent in all (1 = never retried)
 * @param initial  the ceiling of the first wait
 * @param max      the ceiling of every wait
 */
record RefreshBackoff(int attempts, Duration initial, Duration max) {

    static final RefreshBackoff DEFAULT = new RefreshBackoff(4, Duration.ofMillis(500), Duration.ofSeconds(8));

    RefreshBackoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based). A server's {@code Retry-After} wins
     * when it asks for longer, but never beyond {@code max}: a refresh must not stall its waiters.
     *
     * @param random a source of numbers in [0, 1)
     */
    Duration delayAfter(int attempt, TransientException failure, DoubleSupplier random) {
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
