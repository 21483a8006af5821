package dev.codexauth.http.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codexauth.auth.AuthorizationResponse;
import dev.codexauth.error.LoginException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Phaser;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The loopback server the browser is redirected to after the consent page (SPEC §2). It binds only
 * to the loopback addresses {@code localhost} resolves to (never the wildcard), answers
 * {@code /auth/callback} and {@code /cancel}, and 404 to anything else.
 *
 * <p>A callback whose state does not match gets 400 and the wait goes on, so a stray or forged
 * request cannot end a sign-in. The callback that carries the code is held open until the sign-in
 * {@linkplain #finish(Page) finishes}, so the browser shows the real outcome. Each request runs on its
 * own pooled thread: a client that never completes its request holds one thread, not the server.
 * {@link #close()} stops everything it started, in every outcome.
 */
final class CallbackServer implements AutoCloseable {

    static final String CALLBACK_PATH = "/auth/callback";
    static final String CANCEL_PATH = "/cancel";
    private static final String THREAD_PREFIX = "codex-auth-callback-";
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /** The port is taken (by an earlier sign-in or another program). */
    static final class PortInUseException extends Exception {
        PortInUseException(int port) {
            super("Port " + port + " is in use", null, false, false);
        }
    }

    /** An HTML answer for the browser. */
    record Page(int status, String title, String message) {
    }

    private final List<HttpServer> servers = new ArrayList<>();
    private final ThreadPoolExecutor executor;
    private final Predicate<String> stateMatches;
    private final CompletableFuture<AuthorizationResponse> result = new CompletableFuture<>();
    private final CompletableFuture<Page> outcome = new CompletableFuture<>();
    private final AtomicBoolean codeAccepted = new AtomicBoolean();
    /** Requests being answered: close() lets them finish writing (a slow client never gets this far). */
    private final Phaser answering = new Phaser(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private int port;

    private CallbackServer(Predicate<String> stateMatches) {
        this.stateMatches = stateMatches;
        int id = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, 32, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, THREAD_PREFIX + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a server on {@code port} (0 for an ephemeral one) on every loopback address of {@code localhost}.
     *
     * @throws PortInUseException when the port is taken on one of those addresses
     */
    static CallbackServer start(int port, Predicate<String> stateMatches) throws PortInUseException {
        List<InetAddress> addresses = loopbackAddresses();
        for (int attempt = 0; ; attempt++) {
            CallbackServer server = new CallbackServer(stateMatches);
            try {
                server.bind(port, addresses);
                return server;
            } catch (PortInUseException e) {
                server.close();
                // An ephemeral port free on one address may be taken on another: pick a new one.
                if (port != 0 || attempt >= 5) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                server.close();
                throw new LoginException("Could not start the sign-in callback server on this machine ("
                        + e.getClass().getSimpleName() + "). Sign in by pasting the redirect URL or with a device code.",
                        dev.codexauth.error.Recovery.FIX_ENVIRONMENT, null);
            }
        }
    }

    /** What {@code localhost} resolves to, loopback addresses only (IPv4 and IPv6 where both exist). */
    static List<InetAddress> loopbackAddresses() {
        Set<InetAddress> found = new LinkedHashSet<>();
        try {
            for (InetAddress a : InetAddress.getAllByName("localhost")) {
                if (a.isLoopbackAddress()) {
                    found.add(a);
                }
            }
        } catch (UnknownHostException e) {
            // no resolver entry for localhost: the JDK's loopback address below
        }
        if (found.isEmpty()) {
            found.add(InetAddress.getLoopbackAddress());
        }
        return List.copyOf(found);
    }

    private void bind(int requestedPort, List<InetAddress> addresses) throws IOException, PortInUseException {
        int chosen = requestedPort;
        for (InetAddress address : addresses) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(address, chosen), 16);
            } catch (BindException e) {
                if (usable(address)) {
                    throw new PortInUseException(chosen);
                }
                continue; // this address family is not configured here (e.g. IPv6 disabled)
            }
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
            servers.add(server);
            chosen = server.getAddress().getPort();
        }
        if (servers.isEmpty()) {
            throw new BindException("no loopback address could be bound");
        }
        port = chosen;
    }

    /** Whether anything can listen on {@code address}: tells a taken port from an unconfigured address, in any locale. */
    private static boolean usable(InetAddress address) {
        try {
            new ServerSocket(0, 1, address).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** The addresses this server listens on (for tests: never the wildcard). */
    List<InetSocketAddress> addresses() {
        return servers.stream().map(HttpServer::getAddress).toList();
    }

    /**
     * Waits for the callback that carries a code (or the issuer's error).
     *
     * @throws LoginException on timeout, cancellation or interruption
     */
    AuthorizationResponse awaitResponse(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LoginException timedOut = new LoginException("No sign-in arrived within " + human(timeout)
                    + ". Start the sign-in again (or sign in by pasting the redirect URL, or with a device code).");
            if (!result.completeExceptionally(timedOut) && !result.isCompletedExceptionally()) {
                return result.join(); // the callback arrived just as the wait ended
            }
            throw timedOut;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(new LoginException("The sign-in was cancelled."));
            throw new LoginException("The sign-in was cancelled.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LoginException login) {
                throw new LoginException(login.getMessage());
            }
            throw new LoginException("The sign-in was cancelled.");
        } catch (CancellationException e) {
            throw new LoginException("The sign-in was cancelled.");
        }
    }

    /** Ends the wait with {@code reason} (a later callback can no longer complete it). */
    void cancel(LoginException reason) {
        result.completeExceptionally(reason);
    }

    /** The page the browser that brought the code is shown; it waits for this. */
    void finish(Page page) {
        outcome.complete(page);
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (answering.register() < 0) {
            exchange.close(); // closing: no new answers
            return;
        }
        try (exchange) {
            answer(exchange);
        } finally {
            answering.arriveAndDeregister();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (CANCEL_PATH.equals(path)) {
            cancel(new LoginException("The sign-in was cancelled because another sign-in started on port " + port + "."));
            send(exchange, new Page(200, "Sign-in cancelled", "This sign-in was cancelled by a newer one."));
            return;
        }
        if (!CALLBACK_PATH.equals(path)) {
            send(exchange, new Page(404, "Not found", "There is nothing here."));
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            send(exchange, new Page(405, "Method not allowed", "Use the link from the sign-in page."));
            return;
        }
        AuthorizationResponse response = AuthorizationResponse.fromQuery(exchange.getRequestURI().getRawQuery());
        if (!stateMatches.test(response.state())) {
            send(exchange, new Page(400, "State mismatch", "State mismatch. This link does not belong to the "
                    + "sign-in in progress; return to the terminal."));
            return;
        }
        if (response.isError()) {
            String message = response.failureMessage();
            if (result.complete(response)) {
                send(exchange, new Page(400, "Sign-in failed", message));
            } else {
                send(exchange, new Page(409, "Sign-in already ended", "This sign-in has already ended; return to the terminal."));
            }
            return;
        }
        if (response.code() == null) {
            send(exchange, new Page(400, "Missing authorization code", "The sign-in server sent no authorization "
                    + "code. Return to the terminal and start the sign-in again."));
            return;
        }
        if (!codeAccepted.compareAndSet(false, true) || !result.complete(response)) {
            send(exchange, new Page(409, "Sign-in already handled", "This sign-in has already been handled; "
                    + "return to the terminal."));
            return;
        }
        try {
            send(exchange, outcome.get());
        } catch (InterruptedException | ExecutionException e) {
            send(exchange, new Page(500, "Sign-in ended", "The sign-in ended; return to the terminal for details."));
        }
    }

    private static void send(HttpExchange exchange, Page page) throws IOException {
        byte[] body = html(page).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(page.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String html(Page page) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(page.title()) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;"
                + "color:#222}h1{font-size:1.4rem}</style></head>"
                + "<body><h1 id=\"title\">" + escape(page.title()) + "</h1><p id=\"message\">" + escape(page.message())
                + "</p></body></html>\n";
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String human(Duration d) {
        return d.toMinutes() >= 1 && d.toSecondsPart() == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }

    /** Stops the servers and their threads; lets a browser waiting for its page receive it first. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cancel(new LoginException("The sign-in was cancelled."));
        outcome.complete(new Page(200, "Sign-in ended", "The sign-in ended; return to the terminal for details."));
        try {
            answering.awaitAdvanceInterruptibly(answering.arriveAndDeregister(), 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // a browser that does not read its page does not hold the sign-in up
        }
        for (HttpServer server : servers) {
            server.stop(0);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
