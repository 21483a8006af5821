package dev.codexauth.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.TransientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff BACKOFF = new Backoff(5, Duration.ofMillis(400), Duration.ofSeconds(2));
    private static final TransientException SILENT = new TransientException("down", null);

    private static long waitMillis(int attempt, TransientException failure, double random) {
        return BACKOFF.delayAfter(attempt, failure, () -> random).toMillis();
    }

    @Test
    void theCeilingDoublesFromInitialUpToMaxAndTheWaitIsNeverBelowHalfOfIt() {
        assertThat(waitMillis(1, SILENT, 0.0)).isEqualTo(200);
        assertThat(waitMillis(2, SILENT, 0.0)).isEqualTo(400);
        assertThat(waitMillis(3, SILENT, 0.0)).isEqualTo(800);
        assertThat(waitMillis(4, SILENT, 0.0)).isEqualTo(1000);
        assertThat(waitMillis(40, SILENT, 0.0)).isEqualTo(1000);
    }

    @Test
    void jitterSpreadsTheWaitOverTheUpperHalfOfTheCeiling() {
        assertThat(waitMillis(1, SILENT, 0.5)).isEqualTo(300);
        assertThat(waitMillis(2, SILENT, 0.999)).isBetween(790L, 799L);
        assertThat(waitMillis(9, SILENT, 0.999)).isBetween(1990L, 1999L);
    }

    @Test
    void aLongerRetryAfterWinsButNeverBeyondMax() {
        TransientException asksOneSecond = new TransientException("busy", Duration.ofSeconds(1), null);
        TransientException asksAMinute = new TransientException("busy", Duration.ofMinutes(1), null);

        assertThat(waitMillis(1, asksOneSecond, 0.0)).isEqualTo(1000);
        assertThat(waitMillis(1, asksAMinute, 0.0)).isEqualTo(2000);
        assertThat(waitMillis(4, new TransientException("busy", Duration.ofMillis(10), null), 0.0)).isEqualTo(1000);
    }

    @Test
    void nonsenseIsRejectedWhenTheBackoffIsMade() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> new Backoff(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(1, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
