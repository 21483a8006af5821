package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.sse.SseEvent;
import dev.codexauth.sse.SseParser;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Bytes of a responses stream in, typed events out, as the bytes arrive. Data that is not JSON
 * (a proxy's {@code [DONE]}, a garbled line) is skipped, as the Codex CLI does. Not thread-safe.
 */
public final class ResponseEventDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SseParser parser;
    private int skipped;

    public ResponseEventDecoder() {
        this(new SseParser());
    }

    public ResponseEventDecoder(SseParser parser) {
        this.parser = parser;
    }

    /** Decodes the next bytes; each complete event goes to {@code sink}. */
    public void feed(byte[] bytes, int offset, int length, Consumer<ResponseEvent> sink) {
        parser.feed(bytes, offset, length, e -> decode(e, sink));
    }

    /** The stream ended: a pending event is dispatched. */
    public void finish(Consumer<ResponseEvent> sink) {
        parser.finish(e -> decode(e, sink));
    }

    /** How many data payloads were not JSON objects and were skipped. */
    public int skipped() {
        return skipped;
    }

    private void decode(SseEvent event, Consumer<ResponseEvent> sink) {
        JsonNode json;
        try {
            json = JSON.readTree(event.data());
        } catch (IOException e) {
            skipped++;
            return;
        }
        if (json == null || !json.isObject()) {
            skipped++;
            return;
        }
        sink.accept(ResponseEvent.of(json));
    }
}
