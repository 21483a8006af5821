package dev.codexauth.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.TransientException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseAssemblerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ResponseAssembler feed(String sse) {
        ResponseAssembler a = new ResponseAssembler(ReplyHeaders.NONE);
        ResponseEventDecoder d = new ResponseEventDecoder();
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        d.feed(bytes, 0, bytes.length, a::accept);
        d.finish(a::accept);
        return a;
    }

    @Test
    void textThatArrivedOnlyAsDeltasBecomesAMessage() {
        CodexResponse r = feed("""
                data: {"type":"response.output_text.delta","output_index":0,"delta":"Hi "}

                data: {"type":"response.output_text.delta","output_index":0,"delta":"there"}

                data: [DONE]

                data: {"type":"response.completed","response":{"id":"r","output":[]}}

                """).finish();
        assertThat(r.outputText()).isEqualTo("Hi there");
        assertThat(r.output()).hasSize(1);
        assertThat(r.status()).isEqualTo("completed");
    }

    @Test
    void outputTextDoneWinsOverPartialDeltas() {
        CodexResponse r = feed("""
                data: {"type":"response.output_text.delta","output_index":0,"delta":"Hi"}

                data: {"type":"response.output_text.done","output_index":0,"text":"Hi there"}

                data: {"type":"response.done","response":{"id":"r"}}
                """).finish();
        assertThat(r.outputText()).isEqualTo("Hi there");
    }

    @Test
    void incompleteIsATerminalWithPartialOutput() {
        CodexResponse r = feed("""
                data: {"type":"response.output_text.delta","output_index":0,"delta":"Part"}

                data: {"type":"response.incomplete","response":{"id":"r","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"}}}

                """).finish();
        assertThat(r.status()).isEqualTo("incomplete");
        assertThat(r.outputText()).isEqualTo("Part");
    }

    @Test
    void streamWithoutTerminalEventIsAnErrorNotAnEmptyAnswer() {
        ResponseAssembler a = feed("data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n");
        assertThatThrownBy(a::finish).isInstanceOf(TransientException.class).hasMessageContaining("ended before");
    }

    @Test
    void failedResponseThrowsTheServersMessage() {
        assertThatThrownBy(() -> feed("data: {\"type\":\"response.failed\",\"response\":{\"error\":{\"code\":\"context_length_exceeded\","
                + "\"message\":\"Too long\"}}}\n\n")).isInstanceOf(RequestRejectedException.class).hasMessageContaining("Too long");
    }

    @Test
    void errorEventsOfBothShapesCarryCodeAndMessage() throws Exception {
        ResponseEvent plain = ResponseEvent.of(JSON.readTree("{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"boom\"}"));
        ResponseEvent wrapped = ResponseEvent.of(JSON.readTree(
                "{\"type\":\"error\",\"status\":429,\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"limit\"}}"));
        assertThat(plain).isEqualTo(new ResponseEvent.Error("server_error", "boom", plain.raw()));
        assertThat(wrapped).isEqualTo(new ResponseEvent.Error("usage_limit_reached", "limit", wrapped.raw()));
    }

    @Test
    void unknownAndBackendSpecificEventsPassThroughAsOther() throws Exception {
        assertThat(ResponseEvent.of(JSON.readTree("{\"type\":\"keepalive\"}"))).isInstanceOf(ResponseEvent.Other.class);
        assertThat(ResponseEvent.of(JSON.readTree("{\"type\":\"response.shiny_new\"}")).type()).isEqualTo("response.shiny_new");
    }

    @Test
    void rateLimitEventsAndTurnStateMetadataAreKept() {
        CodexResponse r = feed("""
                data: {"type":"codex.rate_limits","plan_type":"plus","rate_limits":{"primary":{"used_percent":12,"window_minutes":300,"reset_at":1781881906}},"credits":{"has_credits":true,"unlimited":false,"balance":"9.99"}}

                data: {"type":"codex.response.metadata","headers":{"x-codex-turn-state":"gAAAA-turn"}}

                data: {"type":"response.completed","response":{"id":"r","output":[]}}
                """).finish();
        assertThat(r.rateLimits().planType()).isEqualTo("plus");
        assertThat(r.rateLimits().primary().usedPercent()).isEqualTo(12.0);
        assertThat(r.rateLimits().primary().windowMinutes()).isEqualTo(300);
        assertThat(r.rateLimits().credits().balance()).isEqualTo("9.99");
        assertThat(r.turnState()).contains("gAAAA-turn");
    }

    @Test
    void rateLimitHeadersAreRead() {
        RateLimits limits = RateLimits.fromHeaders(java.util.Map.of("x-codex-primary-used-percent", "42.5",
                "x-codex-primary-window-minutes", "300", "x-codex-secondary-used-percent", "7",
                "x-codex-plan-type", "pro", "x-codex-credits-has-credits", "true")::get);
        assertThat(limits.planType()).isEqualTo("pro");
        assertThat(limits.primary().usedPercent()).isEqualTo(42.5);
        assertThat(limits.secondary().usedPercent()).isEqualTo(7.0);
        assertThat(limits.credits().hasCredits()).isTrue();
        assertThat(RateLimits.fromHeaders(k -> null)).isNull();
    }

    @Test
    void resetAfterSecondsCountFromArrivalWhenNoResetTimeIsGiven() {
        java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");
        java.time.Clock clock = java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        RateLimits limits = RateLimits.fromHeaders(java.util.Map.of("x-codex-primary-used-percent", "80",
                "x-codex-primary-reset-after-seconds", "600", "x-codex-secondary-used-percent", "10",
                "x-codex-secondary-reset-at", "1800000000", "x-codex-secondary-reset-after-seconds", "5",
                "x-codex-active-limit", "codex", "x-codex-promo-message", "Try Pro")::get, clock);
        assertThat(limits.primary().resetsAt()).isEqualTo(now.plusSeconds(600));
        assertThat(limits.secondary().resetsAt()).isEqualTo(java.time.Instant.ofEpochSecond(1_800_000_000L));
        assertThat(limits.activeLimit()).isEqualTo("codex");
        assertThat(limits.promoMessage()).isEqualTo("Try Pro");
        assertThat(RateLimits.fromHeaders(java.util.Map.of("x-codex-promo-message", "Try Pro")::get, clock)).isNotNull();
    }

    @Test
    void usageWindowsWithOnlyResetAfterSecondsResetThatLongFromNow() throws Exception {
        java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");
        Usage usage = Usage.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"plan_type":"plus","rate_limit":{"primary_window":{"used_percent":50,"limit_window_seconds":18000,
                 "reset_after_seconds":3600}}}"""), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        assertThat(usage.primary().resetsAt()).isEqualTo(now.plusSeconds(3600));
        RateLimits event = RateLimits.fromEvent(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type":"codex.rate_limits","rate_limits":{"primary":{"used_percent":5,"window_minutes":300,
                 "reset_after_seconds":60}}}"""), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        assertThat(event.primary().resetsAt()).isEqualTo(now.plusSeconds(60));
    }
}
