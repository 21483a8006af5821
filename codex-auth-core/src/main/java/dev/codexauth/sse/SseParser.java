package dev.codexauth.sse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental parser of {@code text/event-stream} following the WHATWG rules: lines end in CR,
 * LF or CRLF (also when the pair is split across chunks), {@code data:} lines are joined with
 * {@code \n}, lines starting with {@code :} are comments, one space after the colon is dropped, the
 * {@code event:} field is optional, and a byte-order mark at the start is skipped. Bytes are decoded
 * as UTF-8 across chunk boundaries, so a character split between two network reads arrives whole.
 *
 * <p>Unlike the browser algorithm, {@link #finish} dispatches an event still pending at end of stream
 * even without the closing blank line, as recorded Codex streams end that way.
 *
 * <p>Memory is bounded: a line or an event longer than the maximum size throws
 * {@link SseTooLargeException}. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    /** The default limit on one event: the Codex backend echoes instructions and tools, tens of KB. */
    public static final int DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

    private final int maxEventSize;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventId = "";
    private boolean afterCarriageReturn;
    private boolean atStart = true;
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
        ByteBuffer in;
        if (leftover.hasRemaining()) {
            in = ByteBuffer.allocate(leftover.remaining() + length);
            in.put(leftover).put(bytes, offset, length).flip();
        } else {
            in = ByteBuffer.wrap(bytes, offset, length);
        }
        decode(in, false, sink);
        // at most 3 bytes of an incomplete character wait for the next chunk
        leftover = ByteBuffer.allocate(in.remaining()).put(in).flip();
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
        decode(leftover, true, sink);
        CharBuffer tail = CharBuffer.allocate(16);
        decoder.flush(tail);
        tail.flip();
        accept(tail, sink);
        finished = true;
        if (!line.isEmpty()) {
            processLine(sink);
        }
        dispatch(sink);
    }

    private void decode(ByteBuffer in, boolean endOfInput, Consumer<SseEvent> sink) {
        while (true) {
            chars.clear();
            var result = decoder.decode(in, chars, endOfInput);
            chars.flip();
            accept(chars, sink);
            if (result.isUnderflow()) {
                return;
            }
        }
    }

    private void accept(CharBuffer cs, Consumer<SseEvent> sink) {
        while (cs.hasRemaining()) {
            char c = cs.get();
            if (atStart) {
                atStart = false;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (c == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
                continue;
            }
            afterCarriageReturn = c == '\r';
            if (c == '\r' || c == '\n') {
                processLine(sink);
            } else {
                line.append(c);
                if (line.length() + data.length() > maxEventSize) {
                    throw new SseTooLargeException(maxEventSize);
                }
            }
        }
    }

    private void processLine(Consumer<SseEvent> sink) {
        if (line.isEmpty()) {
            dispatch(sink);
            return;
        }
        if (line.charAt(0) == ':') {
            line.setLength(0);
            return;
        }
        int colon = line.indexOf(":");
        String field;
        String value;
        if (colon < 0) {
            field = line.toString();
            value = "";
        } else {
            field = line.substring(0, colon);
            int start = colon + 1;
            if (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            value = line.substring(start);
        }
        line.setLength(0);
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                if (data.length() > maxEventSize) {
                    throw new SseTooLargeException(maxEventSize);
                }
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            default -> { } // retry and unknown fields do not matter to a one-shot stream
        }
    }

    private void dispatch(Consumer<SseEvent> sink) {
        if (data.isEmpty()) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1);
        SseEvent event = new SseEvent(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId);
        data.setLength(0);
        eventType = "";
        sink.accept(event);
    }
}
