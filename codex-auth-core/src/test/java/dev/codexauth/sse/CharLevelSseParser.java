package dev.codexauth.sse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The parser as it was before it worked on bytes: UTF-8 decoded first, then the SSE rules applied one
 * character at a time. Slow but plainly right, it is the reference the byte-level parser must match.
 */
final class CharLevelSseParser {

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

    CharLevelSseParser(int maxEventSize) {
        if (maxEventSize < 1) {
            throw new IllegalArgumentException("maxEventSize must be positive");
        }
        this.maxEventSize = maxEventSize;
    }

    void feed(byte[] bytes, int offset, int length, Consumer<SseEvent> sink) {
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

    void feed(byte[] bytes, Consumer<SseEvent> sink) {
        feed(bytes, 0, bytes.length, sink);
    }

    void finish(Consumer<SseEvent> sink) {
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
