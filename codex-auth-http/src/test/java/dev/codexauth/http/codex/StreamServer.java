package dev.codexauth.http.codex;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A tiny loopback HTTP server (the JDK's) that answers every request with a scripted behaviour: for
 * recorded fixture bytes and for timing situations the sandbox does not script.
 */
final class StreamServer implements AutoCloseable {

    /** What to do with one exchange. */
    @FunctionalInterface
    interface Script {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<Throwable> serverErrors = new CopyOnWriteArrayList<>();

    StreamServer(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                script.answer(exchange);
            } catch (IOException | InterruptedException | RuntimeException e) {
                serverErrors.add(e);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    /** The base URL, as the backend base ({@code .../backend-api}). */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/backend-api");
    }

    static void sse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
    }

    static void write(HttpExchange exchange, byte[] bytes) throws IOException {
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
        out.flush();
    }

    static void write(HttpExchange exchange, String text) throws IOException {
        write(exchange, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
