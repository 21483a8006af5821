package dev.codexauth.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"3|3", "' 42\t'|42", "0|0", "86400|86400"})
    void wholeSecondsAreReadWithSurroundingBlanksIgnored(String header, long seconds) {
        assertThat(RetryAfter.parse(header)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "-1", "2.5", "soon", "Fri, 04 Dec 2026 18:00:00 GMT", "99999999999999999999"})
    void anythingElseReadsAsNotSaid(String header) {
        assertThat(RetryAfter.parse(header)).isNull();
    }
}
