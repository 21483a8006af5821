package dev.codexauth.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An incremental parser of {@code text/event-stream} following the WHATWG rules: lines end in CR,
 * LF or CRLF (also when the pair is split across chunks), {@code data:} lines are joined with
 * {@code \n}, lines starting with {@code :} are comments, one space after the colon is dropped, the
 * {@code event:} field is optional, and a byte-order mark at the start is skipped. Text is UTF-8; a
 * character split between two network reads arrives whole, and malformed bytes become U+FFFD.
 *
 * <p>Unlike the browser algorithm, {@link #finish} dispatches an event still pending at end of stream
 * even without the closing blank line, as recorded Codex streams end that way.
 *
 * <p>Memory is bounded: a line or an event longer than the maximum size throws
 * {@link SseTooLargeException}. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    /*
     * Lines are found in the bytes as they arrive: CR, LF, the colon and the field names are ASCII,
     * and in UTF-8 an ASCII byte is never part of a multi-byte character. So a complete line holds
     * whole characters, and only field values are decoded, each once, straight from the caller's
     * array (or from `partial` when the line spanned reads). An event of one data line, the usual
     * case, is that one decoded String.
     */

    /** The default limit on one event: the Codex backend echoes instructions and tools, tens of KB. */
    public static final int DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxEventSize;
    /** The bytes of a line begun in an earlier read. */
    private byte[] partial = new byte[512];
    private int partialLength;
    /** How far into {@code partial} non-continuation bytes have been counted, and how many there were. */
    private int partialCounted;
    private int partialLeadBytes;
    /** The first data line's value; with more lines, all of them joined in {@code moreData}. */
    private String data;
    private final StringBuilder moreData = new StringBuilder();
    private int dataLines;
    /** Characters of the pending event's data, a newline counted after each line. */
    private long dataChars;
    private String eventType = "";
    /** The bytes of the last event name decoded, so a name that repeats is not decoded again. */
    private byte[] eventTypeBytes = new byte[0];
    private String lastEventName = "";
    private String lastEventId = "";
    private boolean afterCarriageReturn;
    private boolean atStart = true;
    /** How many bytes of a byte-order mark were seen at the start, held back until it is complete. */
    private int bomBytes;
    private boolean finished;

    /** A parser with the {@linkplain #DEFAULT_MAX_EVENT_SIZE default} event size limit. */
    public SseParser() {
        this(DEFAULT_MAX_EVENT_SIZE);
    }

    /** @param maxEventSize the most characters one event (all its lines together) may have */
    public SseParser(int maxEventSize) {
        if (maxEventSize < 1) {
            throw new IllegalArgumentException("maxEventSize must be positive");
        }
        this.maxEventSize = maxEventSize;
    }

    /** Parses the next bytes of the stream; each complete event goes to {@code sink}, in order. */
    public void feed(byte[] bytes, int offset, int length, Consumer<SseEvent> sink) {
        if (finished) {
            throw new IllegalStateException("the stream has already finished");
        }
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int start = offset;
        int end = offset + length;
        if (atStart) {
            while (bomBytes < BOM.length && start < end && bytes[start] == BOM[bomBytes]) {
                bomBytes++;
                start++;
            }
            if (bomBytes < BOM.length && start == end) {
                return; // all seen so far may still be a byte-order mark
            }
            atStart = false;
            if (bomBytes < BOM.length) {
                lines(BOM, 0, bomBytes, sink); // it was not one: those bytes are text
            }
        }
        lines(bytes, start, end, sink);
    }

    /** {@link #feed(byte[], int, int, Consumer)} for a whole array. */
    public void feed(byte[] bytes, Consumer<SseEvent> sink) {
        feed(bytes, 0, bytes.length, sink);
    }

    /** The stream ended: an unfinished last line and a pending event are dispatched. */
    public void finish(Consumer<SseEvent> sink) {
        if (finished) {
            return;
        }
        finished = true;
        if (atStart) {
            atStart = false;
            lines(BOM, 0, bomBytes, sink); // fewer than three bytes in all, the start of a mark
        }
        if (partialLength > 0) {
            int length = partialLength;
            clearPartial();
            line(partial, 0, length, sink);
        }
        dispatch(sink);
    }

    private void lines(byte[] bytes, int start, int end, Consumer<SseEvent> sink) {
        if (afterCarriageReturn && start < end) {
            afterCarriageReturn = false;
            if (bytes[start] == '\n') {
                start++; // the LF of a CRLF split between reads
            }
        }
        int lineStart = start;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            if (partialLength > 0) {
                append(bytes, lineStart, i - lineStart);
                int length = partialLength;
                clearPartial();
                line(partial, 0, length, sink);
            } else {
                line(bytes, lineStart, i - lineStart, sink);
            }
            if (b == '\r') {
                if (i + 1 == end) {
                    afterCarriageReturn = true;
                } else if (bytes[i + 1] == '\n') {
                    i++;
                }
            }
            lineStart = i + 1;
        }
        if (lineStart < end) {
            append(bytes, lineStart, end - lineStart);
            checkPartialLine();
        }
    }

    /** One complete line, without its line end. */
    private void line(byte[] b, int off, int len, Consumer<SseEvent> sink) {
        if (len + dataChars > maxEventSize && chars(b, off, len) + dataChars > maxEventSize) {
            throw new SseTooLargeException(maxEventSize);
        }
        if (len == 0) {
            dispatch(sink);
            return;
        }
        if (b[off] == ':') {
            return; // a comment
        }
        int end = off + len;
        int colon = off;
        while (colon < end && b[colon] != ':') {
            colon++;
        }
        int valueStart = colon + 1;
        if (valueStart < end && b[valueStart] == ' ') {
            valueStart++;
        }
        if (valueStart > end) {
            valueStart = end; // no colon: the whole line is the field name, the value is empty
        }
        int fieldLength = colon - off;
        if (isField(b, off, fieldLength, "data")) {
            addData(new String(b, valueStart, end - valueStart, StandardCharsets.UTF_8));
        } else if (isField(b, off, fieldLength, "event")) {
            eventType = eventName(b, valueStart, end);
        } else if (isField(b, off, fieldLength, "id")) {
            String id = new String(b, valueStart, end - valueStart, StandardCharsets.UTF_8);
            if (id.indexOf('\0') < 0) {
                lastEventId = id;
            }
        }
        // retry and unknown fields do not matter to a one-shot stream
    }

    private void addData(String value) {
        if (dataLines == 0) {
            data = value;
        } else {
            if (dataLines == 1) {
                moreData.setLength(0);
                moreData.append(data);
            }
            moreData.append('\n').append(value);
        }
        dataLines++;
        dataChars += value.length() + 1;
    }

    private String eventName(byte[] b, int from, int to) {
        if (!Arrays.equals(b, from, to, eventTypeBytes, 0, eventTypeBytes.length)) {
            eventTypeBytes = Arrays.copyOfRange(b, from, to);
            lastEventName = new String(eventTypeBytes, StandardCharsets.UTF_8);
        }
        return lastEventName;
    }

    private void dispatch(Consumer<SseEvent> sink) {
        if (dataLines == 0) {
            eventType = "";
            return;
        }
        String joined = dataLines == 1 ? data : moreData.toString();
        SseEvent event = new SseEvent(eventType.isEmpty() ? "message" : eventType, joined, lastEventId);
        data = null;
        dataLines = 0;
        dataChars = 0;
        eventType = "";
        sink.accept(event);
    }

    private static boolean isField(byte[] b, int off, int len, String name) {
        if (len != name.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The characters the bytes of a complete line decode to (rarely needed: only near the limit). */
    private static long chars(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8).length();
    }

    /**
     * A line still without its end may not grow past the limit either. Its bytes may end inside a
     * character, so they are not decoded: each byte that is not a UTF-8 continuation byte starts at
     * least one character, and no character takes more than three bytes, so the larger of those two
     * counts is at most what the whole line will decode to. Refusing on it now refuses no stream that
     * would have been accepted when the line ends, however the stream is cut into reads.
     */
    private void checkPartialLine() {
        if (partialLength + dataChars <= maxEventSize) {
            return;
        }
        for (; partialCounted < partialLength; partialCounted++) {
            if ((partial[partialCounted] & 0xC0) != 0x80) {
                partialLeadBytes++;
            }
        }
        long atLeast = Math.max(partialLeadBytes, (partialLength + 2L) / 3);
        if (atLeast + dataChars > maxEventSize) {
            throw new SseTooLargeException(maxEventSize);
        }
    }

    private void clearPartial() {
        partialLength = 0;
        partialCounted = 0;
        partialLeadBytes = 0;
    }

    private void append(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        if (partialLength + len > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + len));
        }
        System.arraycopy(b, off, partial, partialLength, len);
        partialLength += len;
    }
}
