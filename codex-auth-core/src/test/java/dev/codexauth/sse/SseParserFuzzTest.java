package dev.codexauth.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/** Any bytes, cut anywhere: the parser never fails except on its size limit, and chunking never changes the events. */
class SseParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void chunkingNeverChangesTheEvents(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        byte[] bytes = data.consumeRemainingAsBytes();
        List<SseEvent> whole = parse(bytes, bytes.length == 0 ? 1 : bytes.length);
        List<SseEvent> pieces = parse(bytes, chunk);
        if (whole != null && pieces != null) {
            assertThat(pieces).isEqualTo(whole);
        } else {
            assertThat(whole).isNull(); // both hit the size limit, or neither
            assertThat(pieces).isNull();
        }
    }

    /** The events, or null when the stream broke the size limit. */
    private static List<SseEvent> parse(byte[] bytes, int chunk) {
        SseParser parser = new SseParser(4096);
        List<SseEvent> out = new ArrayList<>();
        try {
            for (int i = 0; i < bytes.length; i += chunk) {
                parser.feed(bytes, i, Math.min(chunk, bytes.length - i), out::add);
            }
            parser.finish(out::add);
        } catch (SseTooLargeException e) {
            return null;
        }
        return out;
    }
}
