package dev.codexauth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.codexauth.error.ProtocolException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Hostile tokens for the JWT claim reader. Regression inputs live in
 * {@code src/test/resources/dev/codexauth/auth/TokenClaimsFuzzTestInputs/}; to fuzz for real:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s ./mvnw -pl codex-auth-core test -Dtest=TokenClaimsFuzzTest}.
 */
class TokenClaimsFuzzTest {

    /**
     * A token whose payload is any text (so the JSON reader is reached), or any raw string: the claims
     * are read, or a {@link ProtocolException} says the token is unusable without quoting it.
     */
    @FuzzTest(maxDuration = "20s")
    void anyTokenGivesClaimsOrAClearErrorThatDoesNotQuoteIt(FuzzedDataProvider data) {
        boolean raw = data.consumeBoolean();
        String secret = "SIGNATURE" + data.consumeInt(100000, 999999) + "xyzSECRET";
        String token;
        if (raw) {
            token = data.consumeRemainingAsString();
        } else {
            String payload = data.consumeRemainingAsString();
            token = "eyJhbGciOiJub25lIn0." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + secret;
        }
        try {
            TokenClaims claims = TokenClaims.of(token, null);
            assertThat(claims.toString()).doesNotContain(secret);
        } catch (ProtocolException e) {
            String everything = trace(e);
            assertThat(everything).doesNotContain(secret);
            if (token.length() >= 16) {
                assertThat(everything).doesNotContain(token);
            }
            assertThat(e.getMessage()).contains("sign in again");
        }
    }

    /** Found by reasoning about this fuzz test's oracle: {@code "exp":1e300} threw DateTimeException. */
    @org.junit.jupiter.api.Test
    void anExpiryBeyondTheCalendarIsNoExpiryRatherThanACrash() {
        for (String exp : new String[] {"1e300", "-1e300", "9223372036854775807", "31556889864403200"}) {
            String token = "eyJhbGciOiJub25lIn0." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("{\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
            assertThat(TokenClaims.of(token, null).expiresAt()).isNull();
        }
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w + "\n" + t;
    }
}
