package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Writes one SSE stream the way the Codex backend does ({@code event:} + one {@code data:} line +
 * blank line, {@code sequence_number} from 0), with an optional pause between events and an
 * optional cap on bytes per network write (which splits events and UTF-8 characters).
 */
final class SseWriter {

    private final OutputStream out;
    private final Duration delay;
    private final int chunkBytes;
    private int sequence;
    private boolean first = true;

    SseWriter(OutputStream out, Duration delay, int chunkBytes) {
        this.out = out;
        this.delay = delay;
        this.chunkBytes = chunkBytes;
    }

    void event(String type, ObjectNode data) {
        data.put("sequence_number", sequence++);
        write(frame(type, data));
    }

    void eventWithoutSequence(String type, ObjectNode data) {
        write(frame(type, data));
    }

    /** Bytes as they are, e.g. a data line that is not JSON. */
    void raw(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the first half of this event, then drops the connection. */
    void cutInside(String type, ObjectNode data) {
        data.put("sequence_number", sequence++);
        byte[] frame = frame(type, data);
        write(java.util.Arrays.copyOf(frame, frame.length / 2));
        throw new Router.Abort();
    }

    /** Waits until released; the sandbox closing interrupts the wait and drops the connection. */
    void hold(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Router.Abort();
        }
    }

    void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new Router.Abort();
        }
    }

    private static byte[] frame(String type, ObjectNode data) {
        return ("event: " + type + "\ndata: " + Json.text(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void write(byte[] bytes) {
        if (!first && !delay.isZero()) {
            Router.sleep(delay);
        }
        first = false;
        try {
            if (chunkBytes <= 0) {
                out.write(bytes);
                out.flush();
            } else {
                for (int i = 0; i < bytes.length; i += chunkBytes) {
                    out.write(bytes, i, Math.min(chunkBytes, bytes.length - i));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
            throw new Router.Abort();
        }
    }
}
