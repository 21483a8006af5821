package dev.codexauth.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server that answers {@code POST /backend-api/codex/responses} with a fixed SSE
 * stream in three steps: the events before the first text delta; then, when {@link #sendFirstDelta()}
 * is called, the first delta alone (noting {@link System#nanoTime()} just before writing it); then,
 * when {@link #sendTheRest()} is called, the rest. The delta thus travels alone, as a real model's
 * first token does (the next one comes tens of milliseconds later). The sandbox cannot hold a stream
 * <em>before</em> its first delta, which is what timing the delta's way to the caller needs; this
 * server does only that.
 */
final class LoopbackStreamServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-stream-server");
        t.setDaemon(true);
        return t;
    });
    private final RealisticStream.Stream stream;
    private final Semaphore go = new Semaphore(0);
    private final Semaphore rest = new Semaphore(0);
    private volatile long firstDeltaWrittenAt;

    LoopbackStreamServer(RealisticStream.Stream stream) throws IOException {
        this.stream = stream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/backend-api/codex/responses", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL of the backend ({@code http://127.0.0.1:port/backend-api}). */
    URI backendUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/backend-api");
    }

    /** Lets the stream that waits before its first delta go on. */
    void sendFirstDelta() {
        go.release();
    }

    /** Lets the stream that waits after its first delta finish. */
    void sendTheRest() {
        rest.release();
    }

    /** {@link System#nanoTime()} just before the latest first delta was written to the socket. */
    long firstDeltaWrittenAt() {
        return firstDeltaWrittenAt;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        List<byte[]> frames = stream.frames();
        try (OutputStream out = exchange.getResponseBody()) {
            int first = stream.preambleEvents();
            for (int i = 0; i < first; i++) {
                out.write(frames.get(i));
            }
            out.flush();
            if (!await(go)) {
                return;
            }
            firstDeltaWrittenAt = System.nanoTime();
            out.write(frames.get(first));
            out.flush();
            if (!await(rest)) {
                return;
            }
            for (int i = first + 1; i < frames.size(); i++) {
                out.write(frames.get(i));
            }
            out.flush();
        }
    }

    /** False when nobody asked within 30 s (the benchmark is gone) or the server is stopping. */
    private static boolean await(Semaphore signal) {
        try {
            return signal.tryAcquire(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
