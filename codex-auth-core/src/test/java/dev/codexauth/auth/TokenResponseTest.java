package dev.codexauth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.ProtocolException;
import dev.codexauth.token.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenResponseTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aSignInExpiresAfterExpiresInFromTheClocksNow() {
        String access = Jwts.account("acct-1", "plus", NOW.plusSeconds(999_999).getEpochSecond());
        TokenResponse response = new TokenResponse(access, "rt-1", null, Duration.ofHours(1));

        Credentials credentials = response.toCredentials(CLOCK);

        assertThat(credentials.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(credentials.accountId()).isEqualTo("acct-1");
        assertThat(credentials.refreshToken()).isEqualTo("rt-1");
    }

    @Test
    void withoutExpiresInTheAccessTokensExpClaimDecides() {
        long exp = NOW.plus(Duration.ofDays(7)).getEpochSecond();
        TokenResponse response = new TokenResponse(Jwts.account("a", "pro", exp), "rt", null, null);

        assertThat(response.toCredentials(CLOCK).expiresAt()).isEqualTo(Instant.ofEpochSecond(exp));
    }

    @Test
    void aSignInWithoutARefreshTokenIsRefused() {
        TokenResponse response = new TokenResponse(Jwts.account("a", "pro", 1), null, null, Duration.ofHours(1));

        assertThatThrownBy(() -> response.toCredentials(CLOCK))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("no refresh token");
    }

    @Test
    void aRefreshKeepsTheOldRefreshAndIdTokenOnlyWhenTheResponseOmitsThem() {
        Credentials previous = new Credentials(Jwts.account("old", "plus", 1), "rt-old",
                Jwts.account("old", "plus", 1), NOW, "old", Map.of("custom", "kept"));
        String newAccess = Jwts.account("acct-new", "pro", NOW.plusSeconds(60).getEpochSecond());

        Credentials omitted = new TokenResponse(newAccess, null, null, Duration.ofMinutes(30)).applyTo(previous, CLOCK);
        assertThat(omitted.refreshToken()).isEqualTo("rt-old");
        assertThat(omitted.idToken()).isEqualTo(previous.idToken());
        assertThat(omitted.accessToken()).isEqualTo(newAccess);
        assertThat(omitted.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(omitted.extras()).containsEntry("custom", "kept");

        String newId = Jwts.account("acct-id", "pro", 1);
        Credentials replaced = new TokenResponse(newAccess, "rt-new", newId, null).applyTo(previous, CLOCK);
        assertThat(replaced.refreshToken()).isEqualTo("rt-new");
        assertThat(replaced.idToken()).isEqualTo(newId);
        assertThat(replaced.accountId()).isEqualTo("acct-id");
        assertThat(replaced.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aRefreshReadsTheAccountIdAgainButKeepsTheOldOneWhenNoTokenCarriesIt() {
        Credentials previous = new Credentials("a.b.c", "rt", null, NOW, "acct-kept");
        String accessWithoutAccount = Jwts.of("{\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}");

        Credentials refreshed = new TokenResponse(accessWithoutAccount, "rt2", null, null).applyTo(previous, CLOCK);

        assertThat(refreshed.accountId()).isEqualTo("acct-kept");
    }

    @Test
    void aRefreshReadsItsTokensLenientlySoTheRotatedRefreshTokenIsNeverLost() {
        Credentials previous = new Credentials("old-opaque", "rt-old", "an-id-token-that-is-not-a-jwt", NOW, "acct-kept");

        Credentials opaque = new TokenResponse("new-opaque", "rt-new", null, Duration.ofMinutes(30)).applyTo(previous, CLOCK);
        assertThat(opaque.refreshToken()).isEqualTo("rt-new");
        assertThat(opaque.accountId()).isEqualTo("acct-kept");
        assertThat(opaque.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));

        String jwt = Jwts.account("acct-new", "pro", NOW.plusSeconds(90).getEpochSecond());
        Credentials fromAccess = new TokenResponse(jwt, "rt-new", null, null).applyTo(previous, CLOCK);
        assertThat(fromAccess.accountId()).isEqualTo("acct-new");
        assertThat(fromAccess.expiresAt()).isEqualTo(NOW.plusSeconds(90));
    }

    @Test
    void aRefreshThatSaysNothingAboutExpiryIsRefused() {
        Credentials previous = new Credentials("old", "rt-old", null, NOW, "acct");

        assertThatThrownBy(() -> new TokenResponse("opaque", "rt-new", null, null).applyTo(previous, CLOCK))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("no expires_in and no exp");
    }

    @Test
    void toStringShowsNoToken() {
        TokenResponse response = new TokenResponse("ACCESS-SECRET", "REFRESH-SECRET", null, Duration.ofSeconds(5));

        assertThat(response.toString()).doesNotContain("SECRET").contains("idToken=absent");
    }
}
