package dev.codexauth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {

    @Test
    void prefersTheIdTokensAccountIdOverTheAccessTokens() {
        String access = Jwts.account("acct-from-access", "plus", 2_000_000_000L);
        String id = Jwts.of("{\"email\":\"ada@example.com\",\"https://api.openai.com/auth\":"
                + "{\"chatgpt_account_id\":\"acct-from-id\",\"chatgpt_plan_type\":\"pro\"}}");

        TokenClaims claims = TokenClaims.of(access, id);

        assertThat(claims.accountId()).isEqualTo("acct-from-id");
        assertThat(claims.planType()).isEqualTo("pro");
        assertThat(claims.email()).isEqualTo("ada@example.com");
        assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(2_000_000_000L));
    }

    @Test
    void fallsBackToTheAccessTokenWhenTheIdTokenLacksAClaimOrIsAbsent() {
        String access = Jwts.account("acct-a", "team", 1_900_000_000L);
        String idWithoutAuth = Jwts.of("{\"email\":\"bo@example.com\"}");

        assertThat(TokenClaims.of(access, idWithoutAuth).accountId()).isEqualTo("acct-a");
        assertThat(TokenClaims.of(access, idWithoutAuth).planType()).isEqualTo("team");
        assertThat(TokenClaims.of(access, null))
                .isEqualTo(new TokenClaims("acct-a", "user-acct-a", null, "team", Instant.ofEpochSecond(1_900_000_000L)));
    }

    @Test
    void readsUserIdFromEitherClaimNameAndEmailFromTheProfileObject() {
        String access = Jwts.of("{\"exp\":1,\"https://api.openai.com/auth\":{\"user_id\":\"u-7\"},"
                + "\"https://api.openai.com/profile\":{\"email\":\"cy@example.com\"}}");

        TokenClaims claims = TokenClaims.of(access, null);

        assertThat(claims.userId()).isEqualTo("u-7");
        assertThat(claims.email()).isEqualTo("cy@example.com");
        assertThat(claims.accountId()).isNull();
    }

    @Test
    void toleratesStandardBase64WithAndWithoutPadding() {
        // '>' and '?' runs make the standard alphabet's '+' and '/' appear, and the length needs padding.
        String json = "{\"email\":\"x>>>???@example.com\",\"exp\":1700000000 }";
        String standard = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        assertThat(standard).containsAnyOf("+", "/").endsWith("=");

        String padded = "eyJhbGciOiJub25lIn0." + standard + ".sig";
        String unpadded = "eyJhbGciOiJub25lIn0." + standard.replace("=", "") + ".sig";

        assertThat(TokenClaims.of(padded, null).email()).isEqualTo("x>>>???@example.com");
        assertThat(TokenClaims.of(unpadded, null).expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void refusesATokenThatIsNotThreePartsWithoutRepeatingIt() {
        String secret = "sk-not-a-jwt-SECRETSECRET";

        assertThatThrownBy(() -> TokenClaims.of(secret, null))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("access token is not a JWT")
                .hasNoCause()
                .satisfies(e -> assertThat(e.toString()).doesNotContain("SECRETSECRET"));
        assertThatThrownBy(() -> TokenClaims.of(Jwts.account("a", "plus", 1), "a.b.c.SECRETSECRET"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("id token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRETSECRET"));
    }

    @Test
    void refusesAPayloadThatIsNotJsonWithoutRepeatingIt() {
        String notJson = "eyJhbGciOiJub25lIn0." + Jwts.part("SECRETSECRET this is not json") + ".sig";
        String array = "eyJhbGciOiJub25lIn0." + Jwts.part("[\"SECRETSECRET\"]") + ".sig";
        String notBase64 = "eyJhbGciOiJub25lIn0.SECRET*SECRET.sig";

        for (String token : new String[] {notJson, array, notBase64}) {
            assertThatThrownBy(() -> TokenClaims.of(token, null))
                    .isInstanceOf(ProtocolException.class)
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).contains("payload of the access token")
                            .doesNotContain("SECRET").doesNotContain(token));
        }
    }

    @Test
    void aLoneTokenReadsAsItsOwnClaimsOrAsNothingWhenItIsNoJwt() {
        String id = Jwts.of("{\"exp\":5,\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"acct-id\"}}");

        assertThat(TokenClaims.ifReadable(id)).contains(TokenClaims.of(id, null));
        assertThat(TokenClaims.ifReadable(id).orElseThrow().accountId()).isEqualTo("acct-id");
        assertThat(TokenClaims.ifReadable(id).orElseThrow().expiresAt()).isEqualTo(Instant.ofEpochSecond(5));
        for (String unreadable : new String[] {"rt_opaque", "a.b.c.d", "eyJhbGciOiJub25lIn0.SECRET*SECRET.sig",
                "eyJhbGciOiJub25lIn0." + Jwts.part("[1]") + ".sig"}) {
            assertThat(TokenClaims.ifReadable(unreadable)).as(unreadable).isEmpty();
        }
        assertThat(TokenClaims.ifReadable(null)).isEmpty();
    }
}
