package dev.codexauth.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.error.UsageLimitException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodexErrorsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final CodexErrors.Context CONTEXT = new CodexErrors.Context("gpt-6-astra", List.of("gpt-5.5", "gpt-6-astra"),
            new ClientIdentity("codex_cli_rs", "0.150.0", "codex_cli_rs/0.150.0"), Clock.fixed(NOW, ZoneOffset.UTC));

    private static CodexAuthException http(int status, Map<String, String> headers, String body) {
        return CodexErrors.http(status, headers::get, body, CONTEXT);
    }

    @Test
    void usageLimitSaysThePlanAndWhenItResets() {
        long resetsAt = NOW.plus(Duration.ofMinutes(42)).getEpochSecond();
        CodexAuthException e = http(429, Map.of("x-codex-primary-used-percent", "100", "x-codex-secondary-used-percent", "40",
                "x-request-id", "req-1"),
                "{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"The usage limit has been reached\","
                        + "\"plan_type\":\"plus\",\"resets_at\":" + resetsAt + ",\"resets_in_seconds\":2520}}");
        assertThat(e).isInstanceOf(UsageLimitException.class)
                .hasMessage("You have hit your ChatGPT usage limit (plus plan). Try again in ~42 min.");
        UsageLimitException u = (UsageLimitException) e;
        assertThat(u.planType()).contains("plus");
        assertThat(u.resetsAt()).contains(Instant.ofEpochSecond(resetsAt));
        assertThat(u.usedPercent()).contains(100.0);
        assertThat(u.recovery()).isEqualTo(Recovery.WAIT_FOR_RESET);
    }

    @Test
    void usageLimitAs404IsTreatedLike429() {
        CodexAuthException e = http(404, Map.of("x-codex-plan-type", "pro"),
                "{\"error\":{\"type\":\"usage_limit_reached\",\"resets_in_seconds\":7500}}");
        assertThat(e).isInstanceOf(UsageLimitException.class)
                .hasMessage("You have hit your ChatGPT usage limit (pro plan). Try again in ~2 h 5 min.");
    }

    @Test
    void usageNotIncludedSaysThePlanLacksCodex() {
        CodexAuthException e = http(429, Map.of(), "{\"error\":{\"type\":\"usage_not_included\",\"plan_type\":\"free\"}}");
        assertThat(e).isInstanceOf(UsageLimitException.class).hasMessageContaining("(free plan) does not include Codex");
        assertThat(e.recovery()).isEqualTo(Recovery.CHANGE_REQUEST);
    }

    @Test
    void invalidInstructionsSaysToRefreshTheCatalog() {
        assertThat(http(400, Map.of(), "{\"detail\":\"Instructions are not valid\"}"))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("Refresh the model catalog");
    }

    @Test
    void newerVersionRequiredSaysWhichSettingToRaise() {
        assertThat(http(400, Map.of(), "{\"detail\":\"The 'gpt-6-astra' model requires a newer version of Codex. Please upgrade.\"}"))
                .hasMessageContaining("newer Codex client version than 0.150.0").hasMessageContaining("CODEX_AUTH_CLIENT_VERSION");
    }

    @Test
    void unsupportedModelNamesTheModelsToPickFrom() {
        assertThat(http(400, Map.of(), "{\"detail\":\"The 'gpt-6-astra' model is not supported when using Codex with a ChatGPT account.\"}"))
                .hasMessageContaining("not available with a ChatGPT sign-in").hasMessageContaining("gpt-5.5, gpt-6-astra");
    }

    @Test
    void modelNotFoundPointsAtTheCatalogAndTheIdentity() {
        CodexAuthException e = http(404, Map.of("cf-ray", "ray-9"), "{\"error\":{\"message\":\"Model not found gpt-6-astra\"}}");
        assertThat(e).isInstanceOf(RequestRejectedException.class).hasMessageContaining("originator codex_cli_rs")
                .hasMessageContaining("CODEX_AUTH_ORIGINATOR").hasMessageContaining("ray-9");
        assertThat(((RequestRejectedException) e).requestId()).contains("ray-9");
    }

    @Test
    void otherBadRequestsCarryTheServersDetail() {
        assertThat(http(400, Map.of(), "{\"error\":{\"message\":\"Unsupported parameter: foo\",\"type\":\"invalid_request_error\"}}"))
                .hasMessageContaining("Unsupported parameter: foo");
    }

    @Test
    void serverErrorsAreRetryable() {
        CodexAuthException e = http(503, Map.of("retry-after", "3"), "{\"error\":{\"code\":\"server_is_overloaded\"}}");
        assertThat(e).isInstanceOf(TransientException.class).hasMessageContaining("server_is_overloaded");
        assertThat(((TransientException) e).retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void unauthorizedAfterRefreshMeansSignInAgain() {
        assertThat(http(401, Map.of(), "{\"detail\":\"Unauthorized\"}")).isInstanceOf(SignInRequiredException.class);
    }

    @Test
    void rateLimitFailureInTheStreamIsRetryableAfterTheDelayInItsMessage() {
        CodexAuthException e = CodexErrors.streamFailure("rate_limit_exceeded",
                "Rate limit reached for gpt-5.5. Please try again in 11.054s.", "req-2");
        assertThat(e).isInstanceOf(TransientException.class).hasMessageContaining("try again in 11.054s").hasMessageContaining("req-2");
        assertThat(((TransientException) e).retryAfter()).contains(Duration.ofMillis(11_054));
        assertThat(CodexErrors.delayIn("try again in 28ms")).isEqualTo(Duration.ofMillis(28));
        assertThat(CodexErrors.delayIn("Try again in 35 seconds")).isEqualTo(Duration.ofSeconds(35));
    }

    @Test
    void fatalStreamFailuresAreNotRetryable() {
        assertThat(CodexErrors.streamFailure("context_length_exceeded", "Your input exceeds the context window", null))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("Your input exceeds the context window");
        assertThat(CodexErrors.streamFailure("insufficient_quota", "quota", null).isRetryable()).isFalse();
        assertThat(CodexErrors.streamFailure("usage_not_included", "no codex", null)).isInstanceOf(UsageLimitException.class);
    }

    @Test
    void unknownStreamFailureKeepsTheServersMessage() {
        assertThat(CodexErrors.streamFailure("server_error", "Something broke", null))
                .isInstanceOf(TransientException.class).hasMessageContaining("Something broke");
    }

    @Test
    void durationsAreRoundedUpForPeople() {
        assertThat(CodexErrors.humanDuration(Duration.ofSeconds(30))).isEqualTo("~1 min");
        assertThat(CodexErrors.humanDuration(Duration.ofMinutes(59))).isEqualTo("~59 min");
        assertThat(CodexErrors.humanDuration(Duration.ofMinutes(120))).isEqualTo("~2 h");
        assertThat(CodexErrors.humanDuration(Duration.ofDays(3))).isEqualTo("~3 days");
    }

    @Test
    void aTokenEchoedByTheServerNeverReachesTheMessage() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        assertThat(http(400, Map.of(), "{\"detail\":\"bad header Bearer " + jwt + "\"}").getMessage()).doesNotContain(jwt);
        assertThat(CodexErrors.streamFailure("x", "token " + jwt, null).getMessage()).doesNotContain(jwt);
    }

    @Test
    void usageLimitWithOnlySecondsUntilTheResetStillSaysWhenItResets() {
        CodexAuthException e = http(429, Map.of("x-codex-primary-used-percent", "100",
                        "x-codex-primary-reset-after-seconds", "2520", "x-codex-plan-type", "plus"),
                "{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"The usage limit has been reached\"}}");
        assertThat(e).isInstanceOf(UsageLimitException.class)
                .hasMessage("You have hit your ChatGPT usage limit (plus plan). Try again in ~42 min.");
        assertThat(((UsageLimitException) e).resetsAt()).contains(NOW.plusSeconds(2520));
    }

    @Test
    void rateLimitAnsweredAs404IsRetryableLike429() {
        CodexAuthException e = http(404, Map.of("x-request-id", "req-9"),
                "{\"error\":{\"message\":\"Rate limit reached. Please try again in 2.5s.\",\"type\":\"requests\","
                        + "\"code\":\"rate_limit_exceeded\"}}");
        assertThat(e).isInstanceOf(TransientException.class).hasMessageContaining("rate limiting")
                .hasMessageContaining("HTTP 404").hasMessageContaining("req-9");
        assertThat(((TransientException) e).retryAfter()).contains(Duration.ofMillis(2500));
    }
}
