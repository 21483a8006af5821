package dev.codexauth.http.codex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.RateLimits;
import dev.codexauth.codex.ReplyHeaders;
import dev.codexauth.codex.ResponseAssembler;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseEventDecoder;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.TransientException;
import dev.codexauth.sse.SseParser;
import dev.codexauth.sse.SseTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;

/**
 * The events of one HTTP response, read from the socket as the caller asks for them: nothing is
 * buffered beyond the current network read. The idle timer counts only the time spent waiting for
 * the backend: it is armed when the stream goes back to the socket for the next event, is not
 * restarted by comments, and is paused while the caller holds an event (a tool run in a listener or a
 * slow subscriber is not the backend's silence).
 *
 * <p>One thread reads; {@link #close()} may come from any thread (a cancelled future, a cancelled
 * subscription). The reader holds {@code reading} while it reads; a close that cannot take it aborts
 * the connection instead of draining it under the reader's feet.
 */
final class HttpResponseStream implements ResponseStream {

    /** A whole answer may be this many times the largest event (16 MiB by default: 128 MiB, far above any real answer). */
    static final long MAX_RESPONSE_EVENTS = 8;

    private final HttpUriRequestBase request;
    private final CloseableHttpResponse response;
    private final InputStream body;
    private final Watchdog.Watch idle;
    private final Duration idleTimeout;
    private final RequestLog.Entry log;
    private final ReplyHeaders headers;
    private final ResponseEventDecoder decoder;
    private final ResponseAssembler assembler;
    private final ArrayDeque<ResponseEvent> pending = new ArrayDeque<>();
    private final ArrayNode loggedEvents;
    private final boolean keepEvents;
    private final byte[] buffer = new byte[8192];
    /** The whole answer's limit: the assembler keeps every delta, so an endless stream must end somewhere. */
    private final long maxResponseBytes;
    private long received;
    private final ReentrantLock reading = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean iterated;
    private boolean ended;
    private boolean terminal;
    private CodexResponse result;

    HttpResponseStream(HttpUriRequestBase request, CloseableHttpResponse response, Watchdog watchdog,
                       Duration idleTimeout, RequestLog.Entry log, boolean keepEvents, ReplyHeaders headers,
                       int maxEventSize) throws IOException {
        this.keepEvents = keepEvents;
        this.request = request;
        this.response = response;
        this.idleTimeout = idleTimeout;
        this.log = log;
        this.headers = headers;
        this.decoder = new ResponseEventDecoder(new SseParser(maxEventSize));
        this.maxResponseBytes = MAX_RESPONSE_EVENTS * maxEventSize;
        this.assembler = new ResponseAssembler(headers);
        this.loggedEvents = JsonNodeFactory.instance.arrayNode();
        this.body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
        this.idle = watchdog.watch(idleTimeout, this::abort);
        idle.pause(); // armed by the first read: until then the caller has the stream
    }

    @Override
    public Iterator<ResponseEvent> iterator() {
        if (iterated) {
            throw new IllegalStateException("A response stream can be iterated only once.");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return fill();
            }

            @Override
            public ResponseEvent next() {
                if (!fill()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }
        };
    }

    /** Reads until an event is pending or the stream has ended; then control goes back to the caller. */
    private boolean fill() {
        reading.lock();
        try {
            if (pending.isEmpty() && !ended) {
                idle.reset(idleTimeout); // the caller is back: from now on, waiting is the backend's
                while (pending.isEmpty() && !ended) {
                    read();
                }
            }
            if (!pending.isEmpty()) {
                idle.pause(); // the caller's time with the event is not the backend's silence
            }
            return !pending.isEmpty();
        } finally {
            reading.unlock();
        }
    }

    private void read() {
        if (closed.get()) {
            throw new TransientException("The response stream was closed before it finished.", null);
        }
        int n;
        try {
            n = body.read(buffer);
        } catch (IOException e) {
            throw fail(idle.fired()
                    ? new TransientException("No event from the Codex backend for " + idleTimeout.toMillis()
                    + " ms (the idle timeout, " + dev.codexauth.config.Settings.IDLE_TIMEOUT + "); the stream was abandoned. Try again.",
                    idleTimeout, null)
                    : closed.get() ? new TransientException("The response stream was closed before it finished.", null)
                    : new TransientException("The answer stream ended before the response was complete (the connection broke: "
                    + e.getClass().getSimpleName() + ")" + ref() + ". Try again.", null));
        }
        try {
            if (n < 0) {
                decoder.finish(this::accept);
                ended = true;
                if (!terminal) {
                    throw fail(dev.codexauth.codex.CodexErrors.streamCut(headers.reportId()));
                }
            } else if (!terminal) {
                received += n;
                if (received > maxResponseBytes) {
                    throw fail(new ProtocolException("The Codex backend's answer grew beyond " + maxResponseBytes
                            + " bytes without ending; the stream was abandoned. Try again" + ref()
                            + "; if the answer really is this large, raise the client's maxEventSize.", Recovery.RETRY, null));
                }
                decoder.feed(buffer, 0, n, this::accept);
            }
        } catch (SseTooLargeException e) {
            throw fail(new ProtocolException(e.getMessage(), Recovery.RETRY, null));
        } catch (CodexAuthException e) {
            throw fail(e);
        }
    }

    private void accept(ResponseEvent event) {
        if (terminal) {
            return; // nothing after the terminal event belongs to this response
        }
        idle.reset(idleTimeout);
        if (keepEvents) {
            loggedEvents.add(event.raw());
        }
        assembler.accept(event);
        pending.add(event);
        if (event.isTerminal()) {
            terminal = true;
            ended = true; // the rest of the body is drained on close, so the connection can be reused
        }
    }

    private CodexAuthException fail(CodexAuthException e) {
        ended = true;
        log.stage("stream-error", () -> Map.of("status", response.getCode(), "error", e.getMessage(), "events", loggedEvents));
        log.debug("stream failed: " + e.getMessage());
        close();
        return e;
    }

    private String ref() {
        return headers.reportId() == null ? "" : " (request id " + headers.reportId() + ")";
    }

    @Override
    public CodexResponse finalResponse() {
        if (result != null) {
            return result;
        }
        while (fill()) {
            pending.poll();
        }
        try {
            result = assembler.finish();
        } catch (CodexAuthException e) {
            throw fail(e);
        }
        log.stage("stream-full", () -> Map.of("status", response.getCode(), "events", loggedEvents, "response", result.response()));
        log.debug("completed " + result.id() + " (" + result.status() + ", " + result.outputText().length() + " characters)");
        close();
        return result;
    }

    @Override
    public RateLimits rateLimits() {
        return assembler.rateLimits();
    }

    @Override
    public ReplyHeaders headers() {
        return headers;
    }

    /** Aborts the connection (watchdog thread): the blocked read fails at once. */
    private void abort() {
        request.cancel();
        try {
            response.close();
        } catch (IOException ignored) {
            // already broken: nothing to release
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!reading.tryLock()) {
            // another thread is reading: abort, and its blocked read fails at once
            idle.cancel();
            abort();
            return;
        }
        try {
            if (terminal) {
                // a server that keeps the stream open after the terminal event gets a second at most
                idle.reset(Duration.ofSeconds(1));
                try {
                    while (body.read(buffer) >= 0) {
                        // drain what follows the terminal event, so the connection goes back to the pool
                    }
                } catch (IOException ignored) {
                    // the watchdog cut a server that kept the stream open; the connection is dropped
                }
            } else if (!ended) {
                request.cancel(); // mid-answer: the connection is closed, not returned to the pool
            }
            idle.cancel();
            try {
                response.close();
            } catch (IOException ignored) {
                // closing a cancelled connection may fail; nothing is left to release
            }
        } finally {
            reading.unlock();
        }
    }
}
