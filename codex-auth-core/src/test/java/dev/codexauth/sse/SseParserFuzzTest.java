package dev.codexauth.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile streams for the SSE parser. Regression mode (every {@code mvn test}) replays the inputs in
 * {@code src/test/resources/dev/codexauth/sse/SseParserFuzzTestInputs/}; to fuzz for real:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s ./mvnw -pl codex-auth-core test -Dtest=SseParserFuzzTest}.
 */
class SseParserFuzzTest {

    private static final int MAX_EVENT = 512;

    /**
     * Any bytes, cut into any chunks: the parser either yields events or refuses an oversized one with
     * {@link SseTooLargeException}; nothing else escapes, and how the bytes were cut never changes the events.
     */
    @FuzzTest(maxDuration = "20s")
    void anyBytesInAnyChunksGiveTheSameEventsOrTheDocumentedRefusal(FuzzedDataProvider data) {
        int[] cuts = new int[data.consumeInt(0, 16)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(1, 64);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        Outcome whole = parse(stream, new int[] {Math.max(1, stream.length)});
        Outcome chunked = parse(stream, cuts.length == 0 ? new int[] {1} : cuts);
        assertThat(chunked.tooLarge).isEqualTo(whole.tooLarge);
        if (!whole.tooLarge) {
            assertThat(chunked.events).isEqualTo(whole.events);
            for (SseEvent e : whole.events) {
                assertThat(e.data().length()).isLessThanOrEqualTo(MAX_EVENT);
            }
        }
    }

    private record Outcome(List<SseEvent> events, boolean tooLarge) {
    }

    private static Outcome parse(byte[] stream, int[] cuts) {
        SseParser parser = new SseParser(MAX_EVENT);
        List<SseEvent> events = new ArrayList<>();
        try {
            int at = 0;
            for (int i = 0; at < stream.length; i++) {
                int n = Math.min(cuts[i % cuts.length], stream.length - at);
                parser.feed(stream, at, n, events::add);
                at += n;
            }
            parser.finish(events::add);
            return new Outcome(events, false);
        } catch (SseTooLargeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return new Outcome(events, true);
        }
    }
}
