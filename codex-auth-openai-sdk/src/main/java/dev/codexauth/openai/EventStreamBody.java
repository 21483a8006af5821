package dev.codexauth.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.error.CodexAuthException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The body of a streaming answer: the Codex backend's events, read from the {@link ResponseStream} as
 * the SDK reads this stream (nothing is buffered ahead), and written as SSE the SDK parses without
 * surprises:
 * <ul>
 *   <li>Codex-only events ({@code keepalive}, {@code codex.rate_limits}, {@code codex.response.metadata},
 *       {@code response.metadata}) are dropped: they are not in the SDK's event union;</li>
 *   <li>a top-level {@code "error"} key on any other event is removed: the SDK throws
 *       {@code SseException} for one even when it is null;</li>
 *   <li>the older terminal {@code response.done} is sent as {@code response.completed}, and the terminal
 *       event's Response carries the output assembled from the stream (the backend often sends
 *       {@code output: []});</li>
 *   <li>events without a {@code sequence_number} get one, counting on from the last;</li>
 *   <li>a failure (a {@code response.failed} or {@code error} event, a stream cut short) becomes one
 *       {@code error} event whose {@code "error"} object carries our plain message, so the SDK throws
 *       {@code SseException} instead of ending with a silent empty answer.</li>
 * </ul>
 * Not thread-safe: one reader, as the SDK does.
 */
final class EventStreamBody extends InputStream {

    private static final byte[] NONE = new byte[0];

    private final ResponseStream stream;
    private final Iterator<ResponseEvent> events;
    private final Consumer<CodexResponse> finished;
    private byte[] chunk = NONE;
    private int position;
    private boolean ended;
    private long sequence = -1;

    /** @param finished told the final response when the terminal event has arrived */
    EventStreamBody(ResponseStream stream, Consumer<CodexResponse> finished) {
        this.stream = stream;
        this.finished = finished;
        this.events = stream.iterator();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (position >= chunk.length) {
            if (ended) {
                return -1;
            }
            advance();
        }
        int n = Math.min(len, chunk.length - position);
        System.arraycopy(chunk, position, b, off, n);
        position += n;
        return n;
    }

    /** Takes the next event the SDK should see (or the end, or the failure) as the next chunk. */
    private void advance() {
        chunk = NONE;
        position = 0;
        try {
            while (events.hasNext()) {
                ObjectNode event = forSdk(events.next());
                if (event != null) {
                    chunk = sse(event);
                    return;
                }
            }
            ended = true;
        } catch (CodexAuthException e) {
            ended = true;
            ObjectNode failure = SdkError.of(e).error();
            ObjectNode event = failure.objectNode();
            event.put("type", "error");
            event.put("code", failure.path("code").asText(failure.path("type").asText()));
            event.put("message", failure.path("message").asText());
            event.putNull("param");
            event.set("error", failure);
            event.put("sequence_number", ++sequence);
            chunk = sse(event);
        }
    }

    /** The event as the SDK should see it, or null to drop it. */
    private ObjectNode forSdk(ResponseEvent event) {
        String type = event.type();
        if (!type.startsWith("response.") || type.equals("response.metadata")) {
            return null; // keepalive, codex.*: Codex-only, and nothing the SDK can parse
        }
        ObjectNode json = ((ObjectNode) event.raw()).deepCopy();
        json.remove("error");
        if (type.equals("response.done")) {
            json.put("type", "response.completed");
        }
        if (event instanceof ResponseEvent.Completed || event instanceof ResponseEvent.Incomplete) {
            CodexResponse response = stream.finalResponse(); // the terminal event is in: this reads no further
            finished.accept(response);
            json.set("response", ResponseShape.forSdk(response.response()));
        }
        JsonNode number = json.path("sequence_number");
        if (number.canConvertToLong() && number.isIntegralNumber()) {
            sequence = number.asLong();
        } else {
            json.put("sequence_number", ++sequence);
        }
        return json;
    }

    private static byte[] sse(ObjectNode event) {
        String type = event.path("type").asText();
        byte[] data = SdkReplies.bytes(event); // compact JSON: one line, as SSE data needs
        byte[] head = ("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    @Override
    public void close() {
        ended = true;
        stream.close();
    }
}
