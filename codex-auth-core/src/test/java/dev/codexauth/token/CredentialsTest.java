package dev.codexauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-04T12:00:00Z");
    private final Credentials credentials = new Credentials("ACCESS-SECRET", "REFRESH-SECRET", "ID-SECRET",
            EXPIRY, "acct-1", Map.of("note", "kept"));

    @Test
    void toStringShowsNoToken() {
        assertThat(credentials.toString())
                .doesNotContain("ACCESS-SECRET", "REFRESH-SECRET", "ID-SECRET")
                .contains("acct-1");
    }

    @Test
    void expiryIsDecidedByTheGivenInstant() {
        assertThat(credentials.isExpired(EXPIRY.minusSeconds(1))).isFalse();
        assertThat(credentials.isExpired(EXPIRY)).isTrue();
        assertThat(credentials.expiresWithin(Duration.ofMinutes(5), EXPIRY.minus(Duration.ofMinutes(6)))).isFalse();
        assertThat(credentials.expiresWithin(Duration.ofMinutes(5), EXPIRY.minus(Duration.ofMinutes(4)))).isTrue();
    }

    @Test
    void unknownRecordFieldsTravelWithTheCredentials() {
        assertThat(credentials.extras()).containsEntry("note", "kept");
        assertThat(credentials.withExtras(Map.of()).extras()).isEmpty();
    }
}
