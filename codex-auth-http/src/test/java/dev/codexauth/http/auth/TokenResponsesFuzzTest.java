package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.token.Credentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Hostile answers from the token endpoint (code exchange and refresh). Regression inputs live in
 * {@code src/test/resources/dev/codexauth/http/auth/TokenResponsesFuzzTestInputs/}; to fuzz for real:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s ./mvnw -pl codex-auth-http -am test -Dtest=TokenResponsesFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TokenResponsesFuzzTest {

    private static final String SECRET = "rt_SECRET0123456789refresh";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final Credentials PREVIOUS = new Credentials("eyJhbGciOiJub25lIn0.eyJleHAiOjE4MDAwMDAwMDB9.c2ln",
            SECRET, null, Instant.parse("2026-12-04T13:00:00Z"), "acct-1");

    /**
     * Any body (raw, or JSON around a real-looking refresh token): a token response and credentials,
     * or a {@link ProtocolException} that quotes nothing of the body.
     */
    @FuzzTest(maxDuration = "20s")
    void anyTokenAnswerGivesCredentialsOrAClearErrorThatQuotesNothingOfIt(FuzzedDataProvider data) {
        boolean codeExchange = data.consumeBoolean();
        boolean raw = data.consumeBoolean();
        String rest = data.consumeRemainingAsString();
        byte[] body = (raw ? rest : "{\"refresh_token\":\"" + SECRET + "\"," + rest).getBytes(StandardCharsets.UTF_8);
        try {
            TokenResponse response = TokenResponses.parse(body, codeExchange);
            assertThat(response.toString()).doesNotContain(SECRET);
            Credentials credentials = codeExchange ? response.toCredentials(CLOCK) : response.applyTo(PREVIOUS, CLOCK);
            assertThat(credentials.toString()).doesNotContain(SECRET);
        } catch (ProtocolException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace + e.toString()).doesNotContain(SECRET);
            assertThat(e.getMessage()).containsIgnoringCase("sign");
        }
    }
}
