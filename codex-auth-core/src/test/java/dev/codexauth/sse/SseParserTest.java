package dev.codexauth.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseEvent> parse(String text) {
        return parseChunks(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    private static List<SseEvent> parseChunks(byte[] bytes, int chunk) {
        List<SseEvent> out = new ArrayList<>();
        SseParser p = new SseParser();
        for (int i = 0; i < bytes.length; i += chunk) {
            p.feed(bytes, i, Math.min(chunk, bytes.length - i), out::add);
        }
        p.finish(out::add);
        return out;
    }

    @Test
    void dispatchesAnEventAtABlankLine() {
        assertThat(parse("event: a\ndata: {\"x\":1}\n\n"))
                .containsExactly(new SseEvent("a", "{\"x\":1}", ""));
    }

    @Test
    void acceptsCrLfAndLoneCrLineEnds() {
        assertThat(parse("data: one\r\n\r\ndata: two\r\rdata: three\n\n"))
                .extracting(SseEvent::data).containsExactly("one", "two", "three");
    }

    @Test
    void crLfSplitAcrossChunksIsOneLineEnd() {
        byte[] bytes = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            assertThat(parseChunks(bytes, chunk)).extracting(SseEvent::data).containsExactly("a", "b");
        }
    }

    @Test
    void joinsSeveralDataLinesWithNewlines() {
        assertThat(parse("data: first\ndata:second\ndata\n\n")).extracting(SseEvent::data)
                .containsExactly("first\nsecond\n");
    }

    @Test
    void ignoresCommentsAndUnknownFields() {
        assertThat(parse(": keepalive\nretry: 10\nfoo: bar\ndata: x\n\n: another\n\n"))
                .containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void eventLineIsOptional() {
        assertThat(parse("data: {\"type\":\"t\"}\n\n").get(0).event()).isEqualTo("message");
    }

    @Test
    void dropsOnlyOneSpaceAfterTheColon() {
        assertThat(parse("data:  two spaces\n\n").get(0).data()).isEqualTo(" two spaces");
    }

    @Test
    void blankLineWithoutDataDispatchesNothingAndResetsTheEventName() {
        assertThat(parse("event: lost\n\ndata: x\n\n")).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void pendingEventIsDispatchedAtEndOfStream() {
        assertThat(parse("data: a\n\ndata: last")).extracting(SseEvent::data).containsExactly("a", "last");
        assertThat(parse("data: a\n\ndata: last\n")).extracting(SseEvent::data).containsExactly("a", "last");
    }

    @Test
    void decodesUtf8SplitAtEveryByteBoundary() {
        String text = "data: 59°F ’ ─ \u202F 😀\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= 5; chunk++) {
            assertThat(parseChunks(bytes, chunk)).extracting(SseEvent::data).containsExactly("59°F ’ ─ \u202F 😀");
        }
    }

    @Test
    void skipsAByteOrderMarkAtTheStart() {
        assertThat(parse("\uFEFFdata: x\n\n")).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void keepsTheLastEventId() {
        assertThat(parse("id: 7\ndata: x\n\ndata: y\n\n")).extracting(SseEvent::lastEventId).containsExactly("7", "7");
    }

    @Test
    void refusesAnEventLargerThanTheLimitWithAClearError() {
        SseParser p = new SseParser(100);
        byte[] big = ("data: " + "x".repeat(60) + "\ndata: " + "y".repeat(60) + "\n\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> p.feed(big, e -> { }))
                .isInstanceOf(SseTooLargeException.class).hasMessageContaining("exceeded 100 characters");
    }

    @Test
    void refusesALineWithoutEndLargerThanTheLimit() {
        SseParser p = new SseParser(1000);
        byte[] chunk = "x".repeat(600).getBytes(StandardCharsets.UTF_8);
        p.feed(chunk, e -> { });
        assertThatThrownBy(() -> p.feed(chunk, e -> { })).isInstanceOf(SseTooLargeException.class);
    }

    @Test
    void manySmallEventsUseBoundedMemory() {
        SseParser p = new SseParser(64);
        byte[] event = "data: {\"type\":\"keepalive\"}\n\n".getBytes(StandardCharsets.UTF_8);
        int[] count = {0};
        for (int i = 0; i < 10_000; i++) {
            p.feed(event, e -> count[0]++);
        }
        assertThat(count[0]).isEqualTo(10_000);
    }
}
