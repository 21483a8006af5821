package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexauth.token.Credentials;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IssuerTokenTest {

    static final MutableClock CLOCK = new MutableClock();
    static final String REDIRECT = "http://localhost:1455/auth/callback";
    static final String VERIFIER = "sandbox-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().clock(CLOCK)
            .refreshTokenTtl(Duration.ofDays(2)));

    private static URI token(Sandbox s) {
        return URI.create(s.issuerUrl() + "/oauth/token");
    }

    private static HttpResponse<String> exchange(Sandbox s, String code, String verifier, String redirect) {
        return Http.postForm(token(s), Http.map("grant_type", "authorization_code", "client_id", Sandbox.DEFAULT_CLIENT_ID,
                "code", code, "code_verifier", verifier, "redirect_uri", redirect));
    }

    private static HttpResponse<String> refreshJson(Sandbox s, String refreshToken) {
        return Http.postJson(token(s), Map.of("client_id", Sandbox.DEFAULT_CLIENT_ID, "grant_type", "refresh_token",
                "refresh_token", refreshToken));
    }

    private static HttpResponse<String> backendCall(Sandbox s, String accessToken) {
        return Http.get(URI.create(s.backendUrl() + "/wham/usage"), "Authorization", "Bearer " + accessToken,
                "ChatGPT-Account-ID", s.account().accountId());
    }

    @Test
    void exchangesACodeForTokensThatVerifyAgainstThePublishedKeySet(Sandbox sandbox) throws Exception {
        String code = sandbox.mintAuthorizationCode(REDIRECT, TokenAuthority.challengeOf(VERIFIER));
        HttpResponse<String> response = exchange(sandbox, code, VERIFIER, REDIRECT);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(response);
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.path("refresh_token").asText()).isNotBlank();

        String jwks = Http.get(URI.create(sandbox.issuerUrl() + "/.well-known/jwks.json")).body();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(sandbox.issuerUrl().toString())
                .setExpectedAudience("https://api.openai.com/v1", Sandbox.DEFAULT_CLIENT_ID)
                .setRequireExpirationTime()
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(CLOCK.instant().getEpochSecond()))
                .build();
        for (String field : new String[] {"access_token", "id_token"}) {
            JwtClaims claims = consumer.processToClaims(body.path(field).asText());
            @SuppressWarnings("unchecked")
            Map<String, Object> auth = (Map<String, Object>) claims.getClaimValue("https://api.openai.com/auth");
            assertThat(auth).containsEntry("chatgpt_account_id", sandbox.account().accountId())
                    .containsEntry("chatgpt_plan_type", "plus")
                    .containsEntry("chatgpt_user_id", sandbox.account().userId());
            assertThat(claims.getClaimValue("email")).isEqualTo(sandbox.account().email());
            assertThat(claims.getExpirationTime().getValue()).isEqualTo(CLOCK.instant().getEpochSecond() + 3600);
        }
        assertThat(backendCall(sandbox, body.path("access_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAVerifierThatDoesNotMatchTheChallenge(Sandbox sandbox) {
        String code = sandbox.mintAuthorizationCode(REDIRECT, TokenAuthority.challengeOf(VERIFIER));
        HttpResponse<String> response = exchange(sandbox, code, VERIFIER.replace('a', 'b'), REDIRECT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("error").path("code").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void refusesACodeSentWithAnotherRedirectUri(Sandbox sandbox) {
        String code = sandbox.mintAuthorizationCode(REDIRECT, TokenAuthority.challengeOf(VERIFIER));
        HttpResponse<String> response = exchange(sandbox, code, VERIFIER, "http://localhost:1457/auth/callback");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("error").path("code").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeWorksOnceAndItsReplayRevokesWhatItGave(Sandbox sandbox) {
        String code = sandbox.mintAuthorizationCode(REDIRECT, TokenAuthority.challengeOf(VERIFIER));
        JsonNode first = Http.json(exchange(sandbox, code, VERIFIER, REDIRECT));

        HttpResponse<String> replay = exchange(sandbox, code, VERIFIER, REDIRECT);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(Http.json(replay).path("error").path("code").asText()).isEqualTo("invalid_grant");
        assertThat(backendCall(sandbox, first.path("access_token").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void aCodeExpiresAfterAMinute(Sandbox sandbox) {
        String code = sandbox.mintAuthorizationCode(REDIRECT, TokenAuthority.challengeOf(VERIFIER));
        CLOCK.advance(Duration.ofSeconds(61));

        HttpResponse<String> response = exchange(sandbox, code, VERIFIER, REDIRECT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("error").path("message").asText()).contains("expired");
    }

    @Test
    void refusesAnUnknownClient(Sandbox sandbox) {
        String code = sandbox.mintAuthorizationCode(REDIRECT, TokenAuthority.challengeOf(VERIFIER));
        HttpResponse<String> response = Http.postForm(token(sandbox), Http.map("grant_type", "authorization_code",
                "client_id", "app_someone_else", "code", code, "code_verifier", VERIFIER, "redirect_uri", REDIRECT));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response).path("error").path("code").asText()).isEqualTo("invalid_client");
    }

    @Test
    void refreshWithAJsonBodyRotatesTheRefreshToken(Sandbox sandbox) {
        Credentials creds = sandbox.mintCredentials();
        CLOCK.advance(Duration.ofSeconds(5));

        JsonNode body = Http.json(refreshJson(sandbox, creds.refreshToken()));

        assertThat(body.path("refresh_token").asText()).isNotBlank().isNotEqualTo(creds.refreshToken());
        assertThat(body.path("access_token").asText()).isNotEqualTo(creds.accessToken());
        assertThat(body.path("id_token").asText()).isNotBlank();
        assertThat(backendCall(sandbox, body.path("access_token").asText()).statusCode()).isEqualTo(200);
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
    }

    @Test
    void refreshWithAFormBodyWorksToo(Sandbox sandbox) {
        Credentials creds = sandbox.mintCredentials();

        HttpResponse<String> response = Http.postForm(token(sandbox), Http.map("grant_type", "refresh_token",
                "client_id", Sandbox.DEFAULT_CLIENT_ID, "refresh_token", creds.refreshToken()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).path("refresh_token").asText()).isNotEqualTo(creds.refreshToken());
    }

    @Test
    void aSpentRefreshTokenPresentedAgainRevokesTheWholeFamily(Sandbox sandbox) {
        Credentials creds = sandbox.mintCredentials();
        JsonNode rotated = Http.json(refreshJson(sandbox, creds.refreshToken()));

        HttpResponse<String> reuse = refreshJson(sandbox, creds.refreshToken());

        assertThat(reuse.statusCode()).isEqualTo(401);
        JsonNode error = Http.json(reuse).path("error");
        assertThat(error.path("code").asText()).isEqualTo("refresh_token_reused");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("message").asText()).contains("already been used");
        // the thief's (or the racing sibling's) new tokens die with the family
        HttpResponse<String> next = refreshJson(sandbox, rotated.path("refresh_token").asText());
        assertThat(next.statusCode()).isEqualTo(401);
        assertThat(Http.json(next).path("error").path("code").asText()).isEqualTo("refresh_token_invalidated");
        assertThat(backendCall(sandbox, rotated.path("access_token").asText()).statusCode()).isEqualTo(401);
        assertThat(backendCall(sandbox, creds.accessToken()).statusCode()).isEqualTo(401);
        // another login is untouched
        assertThat(backendCall(sandbox, sandbox.mintCredentials().accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredRefreshTokenIsRefused(Sandbox sandbox) {
        Credentials creds = sandbox.mintCredentials();
        CLOCK.advance(Duration.ofDays(3));

        HttpResponse<String> response = refreshJson(sandbox, creds.refreshToken());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response).path("error").path("code").asText()).isEqualTo("refresh_token_expired");
    }

    @Test
    void anUnknownRefreshTokenIsAnInvalidGrant(Sandbox sandbox) {
        HttpResponse<String> response = refreshJson(sandbox, "rt_made_up");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response).path("error").path("code").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void anAccessTokenStopsWorkingWhenItExpires(Sandbox sandbox) {
        Credentials creds = sandbox.mintCredentials();
        assertThat(creds.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)));
        CLOCK.advance(Duration.ofHours(1));

        HttpResponse<String> response = backendCall(sandbox, creds.accessToken());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response).path("error").path("code").asText()).isEqualTo("token_expired");
    }

    @Test
    void revokingARefreshTokenEndsItsLogin(Sandbox sandbox) {
        Credentials creds = sandbox.mintCredentials();

        HttpResponse<String> revoke = Http.postJson(URI.create(sandbox.issuerUrl() + "/oauth/revoke"), Map.of(
                "token", creds.refreshToken(), "token_type_hint", "refresh_token", "client_id", Sandbox.DEFAULT_CLIENT_ID));

        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(refreshJson(sandbox, creds.refreshToken()).statusCode()).isEqualTo(401);
        assertThat(backendCall(sandbox, creds.accessToken()).statusCode()).isEqualTo(401);
        assertThat(sandbox.journal().count(Endpoint.REVOKE)).isEqualTo(1);
    }

    @Test
    void revokeAllTokensEndsEveryLoginUntilReset(Sandbox sandbox) {
        Credentials a = sandbox.mintCredentials();
        Credentials b = sandbox.mintCredentials();

        sandbox.revokeAllTokens();

        assertThat(backendCall(sandbox, a.accessToken()).statusCode()).isEqualTo(401);
        assertThat(refreshJson(sandbox, b.refreshToken()).statusCode()).isEqualTo(401);
        sandbox.reset();
        assertThat(backendCall(sandbox, a.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void theJournalKeepsNoTokenCodeOrVerifier(Sandbox sandbox) {
        String code = sandbox.mintAuthorizationCode(REDIRECT, TokenAuthority.challengeOf(VERIFIER));
        JsonNode tokens = Http.json(exchange(sandbox, code, VERIFIER, REDIRECT));
        refreshJson(sandbox, tokens.path("refresh_token").asText());
        backendCall(sandbox, tokens.path("access_token").asText());

        String journal = sandbox.journal().requests().toString()
                + Http.get(URI.create(sandbox.url() + "/__sandbox/journal")).body();

        assertThat(journal).doesNotContain(code, VERIFIER, tokens.path("refresh_token").asText(),
                tokens.path("access_token").asText());
        JournalEntry exchange = sandbox.journal().last(Endpoint.TOKEN_AUTHORIZATION_CODE);
        assertThat(exchange.body()).contains("code=***", "code_verifier=***", "grant_type=authorization_code");
        assertThat(sandbox.journal().last(Endpoint.USAGE).header("Authorization")).isEqualTo("Bearer ***");
    }

    @Test
    void ofManyConcurrentRefreshesWithOneTokenExactlyOneWinsAndTheRestKillTheLogin(Sandbox sandbox) {
        Credentials creds = sandbox.mintCredentials();

        java.util.List<HttpResponse<String>> answers = java.util.stream.IntStream.range(0, 8).parallel()
                .mapToObj(i -> refreshJson(sandbox, creds.refreshToken())).toList();

        assertThat(answers.stream().filter(r -> r.statusCode() == 200)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.statusCode() == 401)
                .map(r -> Http.json(r).path("error").path("code").asText()))
                .hasSize(7).allMatch(code -> code.equals("refresh_token_reused") || code.equals("refresh_token_invalidated"));
        String winner = answers.stream().filter(r -> r.statusCode() == 200).findFirst().map(Http::json)
                .orElseThrow().path("access_token").asText();
        assertThat(backendCall(sandbox, winner).statusCode()).isEqualTo(401);
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(8);
    }
}
