package dev.codexauth.benchmarks;

import dev.codexauth.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An experiment, not used by the library: the SSE rules of {@code dev.codexauth.sse.SseParser}
 * applied to bytes instead of characters. Line ends, the colon and the field names are ASCII, so
 * lines can be split in the byte array with a tight loop, and only a {@code data:} value is decoded
 * from UTF-8, once, when its line is complete (a character split between reads is then never cut).
 * It shows what the library parser's throughput could be if it stopped copying each character
 * through a {@code CharBuffer} and two {@code StringBuilder}s; see docs/PERFORMANCE.md.
 * Same behaviour: CR, LF and CRLF (also split across reads), comments, one space after the colon,
 * optional {@code event:}, a leading byte-order mark, the pending event dispatched at the end.
 */
final class ByteLineSseParser {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private byte[] partial = new byte[256];
    private int partialLength;
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventId = "";
    private boolean afterCarriageReturn;
    private boolean atStart = true;

    void feed(byte[] bytes, int offset, int length, Consumer<SseEvent> sink) {
        int end = offset + length;
        int i = offset;
        if (atStart) {
            if (partialLength + length < BOM.length) {
                append(bytes, offset, length);
                return;
            }
            atStart = false;
            // the BOM may straddle the first reads; gather just enough bytes to tell
            int need = BOM.length - partialLength;
            append(bytes, offset, need);
            i += need;
            boolean bom = Arrays.equals(partial, 0, BOM.length, BOM, 0, BOM.length);
            if (bom) {
                partialLength = 0;
            } else {
                byte[] head = Arrays.copyOf(partial, partialLength);
                partialLength = 0;
                feedLines(head, 0, head.length, sink);
            }
        }
        feedLines(bytes, i, end - i, sink);
    }

    private void feedLines(byte[] bytes, int offset, int length, Consumer<SseEvent> sink) {
        int end = offset + length;
        int start = offset;
        if (afterCarriageReturn && start < end) {
            afterCarriageReturn = false;
            if (bytes[start] == '\n') {
                start++;
            }
        }
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            if (partialLength > 0) {
                append(bytes, start, i - start);
                line(partial, 0, partialLength, sink);
                partialLength = 0;
            } else {
                line(bytes, start, i - start, sink);
            }
            if (b == '\r') {
                if (i + 1 < end) {
                    if (bytes[i + 1] == '\n') {
                        i++;
                    }
                } else {
                    afterCarriageReturn = true;
                }
            }
            start = i + 1;
        }
        append(bytes, start, end - start);
    }

    void finish(Consumer<SseEvent> sink) {
        if (atStart) {
            // fewer than three bytes in all: no byte-order mark
            atStart = false;
            byte[] head = Arrays.copyOf(partial, partialLength);
            partialLength = 0;
            feedLines(head, 0, head.length, sink);
        }
        if (partialLength > 0) {
            line(partial, 0, partialLength, sink);
            partialLength = 0;
        }
        dispatch(sink);
    }

    private void line(byte[] b, int off, int len, Consumer<SseEvent> sink) {
        if (len == 0) {
            dispatch(sink);
            return;
        }
        if (b[off] == ':') {
            return;
        }
        int colon = -1;
        for (int i = off; i < off + len; i++) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
        }
        int fieldEnd = colon < 0 ? off + len : colon;
        int valueStart = colon < 0 ? off + len : colon + 1;
        if (valueStart < off + len && b[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = off + len - valueStart;
        if (is(b, off, fieldEnd, "data")) {
            data.append(new String(b, valueStart, valueLength, StandardCharsets.UTF_8)).append('\n');
        } else if (is(b, off, fieldEnd, "event")) {
            eventType = new String(b, valueStart, valueLength, StandardCharsets.UTF_8);
        } else if (is(b, off, fieldEnd, "id")) {
            String id = new String(b, valueStart, valueLength, StandardCharsets.UTF_8);
            if (id.indexOf('\0') < 0) {
                lastEventId = id;
            }
        }
    }

    private static boolean is(byte[] b, int from, int to, String field) {
        if (to - from != field.length()) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            if (b[from + i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(Consumer<SseEvent> sink) {
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1);
        SseEvent event = new SseEvent(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId);
        data.setLength(0);
        eventType = "";
        sink.accept(event);
    }

    private void append(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (partialLength + len > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + len));
        }
        System.arraycopy(b, off, partial, partialLength, len);
        partialLength += len;
    }
}
