package dev.codexauth.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser works on bytes: what that must not change, however the stream is cut into reads. */
class SseParserBytesTest {

    private static List<SseEvent> parse(byte[] bytes, int chunk, int maxEventSize) {
        List<SseEvent> out = new ArrayList<>();
        SseParser p = new SseParser(maxEventSize);
        for (int i = 0; i < bytes.length; i += chunk) {
            p.feed(bytes, i, Math.min(chunk, bytes.length - i), out::add);
        }
        p.finish(out::add);
        return out;
    }

    private static List<SseEvent> parseEveryWay(byte[] bytes) {
        List<SseEvent> whole = parse(bytes, Math.max(1, bytes.length), SseParser.DEFAULT_MAX_EVENT_SIZE);
        for (int chunk = 1; chunk <= 9; chunk++) {
            assertThat(parse(bytes, chunk, SseParser.DEFAULT_MAX_EVENT_SIZE)).as("reads of %d bytes", chunk).isEqualTo(whole);
        }
        return whole;
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                for (int b : (int[]) part) {
                    out.write(b);
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void byteOrderMarkSplitAcrossReadsIsSkipped() {
        assertThat(parseEveryWay(bytes("\uFEFFdata: x\n\n"))).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void onlyTheFirstByteOrderMarkIsSkipped() {
        assertThat(parseEveryWay(bytes("\uFEFF\uFEFFdata: x\n\ndata: y\n\n"))).extracting(SseEvent::data)
                .containsExactly("y"); // the second mark is part of the first line's field name
    }

    @Test
    void theStartOfAByteOrderMarkThatIsNotOneStaysText() {
        // EF BB then a line end: one malformed character, a line of an unknown field
        assertThat(parseEveryWay(bytes(new int[] {0xEF, 0xBB}, "\ndata: x\n\n"))).extracting(SseEvent::data)
                .containsExactly("x");
        assertThat(parseEveryWay(bytes("data: x", new int[] {0xEF, 0xBB}, "\n\n"))).extracting(SseEvent::data)
                .containsExactly("x\uFFFD");
        assertThat(parseEveryWay(bytes(new int[] {0xEF}))).isEmpty();
    }

    @Test
    void malformedUtf8BecomesReplacementCharactersWhereverTheReadsEnd() {
        assertThat(parseEveryWay(bytes("data: a", new int[] {0xFF}, "b", new int[] {0xE2, 0x82}, "\n\ndata: c",
                new int[] {0xF0, 0x9F})))
                .extracting(SseEvent::data).containsExactly("a\uFFFDb\uFFFD", "c\uFFFD");
    }

    @Test
    void aCarriageReturnAtTheEndOfAReadThenAnotherLine() {
        assertThat(parseEveryWay(bytes("data: a\r", "data: b\r\r", "event: e\r\ndata: c\r\n\r\n")))
                .containsExactly(new SseEvent("message", "a\nb", ""), new SseEvent("e", "c", ""));
    }

    @Test
    void repeatedEventNamesAndAnEmptyNameAreKept() {
        assertThat(parseEveryWay(bytes("event: a\ndata: 1\n\nevent: a\ndata: 2\n\nevent: b\ndata: 3\n\n"
                + "event:\ndata: 4\n\nevent: caf\u00e9\ndata: 5\n\ndata: 6\n\n")))
                .extracting(SseEvent::event).containsExactly("a", "a", "b", "message", "caf\u00e9", "message");
    }

    @Test
    void manyDataLinesAreJoinedAndTheNextEventStartsEmpty() {
        assertThat(parseEveryWay(bytes("data: 1\ndata: 2\ndata\ndata: 3\n\ndata: 4\n\n")))
                .extracting(SseEvent::data).containsExactly("1\n2\n\n3", "4");
    }

    @Test
    void anIdWithANulIsIgnored() {
        assertThat(parseEveryWay(bytes("id: 1\ndata: a\n\nid: 2\0\ndata: b\n\nid\ndata: c\n\n")))
                .extracting(SseEvent::lastEventId).containsExactly("1", "1", "");
    }

    @Test
    void theLimitCountsCharactersNotBytes() {
        // 6 + 6 = 12 characters in 18 bytes
        byte[] twelve = bytes("data: \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n\n");
        byte[] thirteen = bytes("data: \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n\n");
        for (int chunk = 1; chunk <= twelve.length; chunk++) {
            assertThat(parse(twelve, chunk, 12)).extracting(SseEvent::data).containsExactly("\u00e9".repeat(6));
            int c = chunk;
            assertThatThrownBy(() -> parse(thirteen, c, 12)).isInstanceOf(SseTooLargeException.class);
        }
    }

    @Test
    void anEmojiCountsAsTwoCharactersAsInAJavaString() {
        byte[] event = bytes("data: \uD83D\uDE00\n\n"); // 6 + 2 characters
        assertThat(parse(event, 1, 8)).hasSize(1);
        assertThatThrownBy(() -> parse(event, 1, 7)).isInstanceOf(SseTooLargeException.class);
    }

    @Test
    void anEndlessLineOfContinuationBytesIsRefusedInBoundedMemory() {
        SseParser p = new SseParser(100);
        byte[] junk = new byte[64];
        Arrays.fill(junk, (byte) 0x80);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                p.feed(junk, e -> { });
            }
        }).isInstanceOf(SseTooLargeException.class);
    }

    @Test
    void feedingAfterFinishIsRefused() {
        SseParser p = new SseParser();
        p.finish(e -> { });
        assertThatThrownBy(() -> p.feed(new byte[1], e -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCallersArrayIsNotKept() {
        SseParser p = new SseParser();
        List<SseEvent> out = new ArrayList<>();
        byte[] buffer = bytes("data: first half");
        p.feed(buffer, out::add);
        Arrays.fill(buffer, (byte) 'z');
        byte[] rest = bytes(", second half\n\n");
        p.feed(rest, out::add);
        assertThat(out).extracting(SseEvent::data).containsExactly("first half, second half");
    }

    /** The events, or null when the size limit was hit. */
    private static List<SseEvent> reference(byte[] bytes, int chunk, int maxEventSize) {
        List<SseEvent> out = new ArrayList<>();
        CharLevelSseParser p = new CharLevelSseParser(maxEventSize);
        try {
            for (int i = 0; i < bytes.length; i += chunk) {
                p.feed(bytes, i, Math.min(chunk, bytes.length - i), out::add);
            }
            p.finish(out::add);
        } catch (SseTooLargeException e) {
            return null;
        }
        return out;
    }

    private static List<SseEvent> parseOrNull(byte[] bytes, int chunk, int maxEventSize) {
        try {
            return parse(bytes, chunk, maxEventSize);
        } catch (SseTooLargeException e) {
            return null;
        }
    }

    @Test
    void givesWhatTheCharacterLevelParserGaveForRandomStreamsNearTheLimit() {
        // SSE syntax, line ends, and UTF-8 whole, cut and broken, so limits are hit mid-character
        byte[][] pieces = {
                bytes("data"), bytes("event"), bytes("id"), bytes(":"), bytes(" "), bytes("\n"), bytes("\r"),
                bytes("\r\n"), bytes("x"), bytes("\u00e9"), bytes("\u2500"), bytes("\uD83D\uDE00"),
                bytes("\uFEFF"), bytes(new int[] {0x80}), bytes(new int[] {0xE2, 0x82}), bytes(new int[] {0xF0}),
                bytes(new int[] {0xEF, 0xBB}), bytes(new int[] {0xFF}), bytes("\0"),
        };
        Random random = new Random(20261204);
        for (int round = 0; round < 20_000; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                out.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            byte[] stream = out.toByteArray();
            int limit = 1 + random.nextInt(24);
            int chunk = 1 + random.nextInt(8);
            List<SseEvent> expected = reference(stream, Math.max(1, stream.length), limit);
            assertThat(parseOrNull(stream, Math.max(1, stream.length), limit)).as("round %d, whole", round)
                    .isEqualTo(expected);
            assertThat(parseOrNull(stream, chunk, limit)).as("round %d, reads of %d", round, chunk)
                    .isEqualTo(expected);
            assertThat(reference(stream, chunk, limit)).isEqualTo(expected);
        }
    }
}
