package dev.codexauth.http;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.TransientException;
import dev.codexauth.retry.RetryAfter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client of an application: a keep-alive connection pool with the timeouts of
 * {@link Settings}, redirects off (callers that follow one read its {@code Location} themselves),
 * no automatic retries (callers decide what is safe to repeat), no cookies. Shared by the issuer,
 * catalog and Codex clients. Thread-safe; close it once, when the application is done.
 */
public final class HttpTransport implements AutoCloseable {

    /** The largest answer {@link #send(ClassicHttpRequest)} reads: far above any catalog or token answer. */
    public static final int DEFAULT_MAX_ANSWER = 32 * 1024 * 1024;

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;
    private final Duration defaultDeadline;
    private final ScheduledThreadPoolExecutor deadlines;

    private HttpTransport(Settings settings) {
        // a slow trickle must not hold a JSON call for ever: connect, then one first-byte wait, in all
        defaultDeadline = settings.connectTimeout().plus(settings.firstByteTimeout());
        deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "codex-auth-http-deadline");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(Timeout.of(settings.firstByteTimeout()))
                .setTimeToLive(TimeValue.ofMinutes(5))
                .build();
        pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connection)
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(32)
                .build();
        client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(settings.firstByteTimeout()))
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /** A transport configured from {@code settings}. */
    public static HttpTransport create(Settings settings) {
        return new HttpTransport(settings);
    }

    /** The underlying client, for streaming reads that must not buffer the body. */
    public CloseableHttpClient client() {
        return client;
    }

    /**
     * Sends a request and reads the whole (small) answer: for JSON endpoints, never for streams. At most
     * {@link #DEFAULT_MAX_ANSWER} bytes, within the connect timeout plus the first-byte timeout overall.
     *
     * @throws TransientException when the peer cannot be reached, the connection fails, or the deadline
     *         passes; the message names the host, never the request's headers or body
     * @throws dev.codexauth.error.ProtocolException when the answer is larger than the limit
     */
    public Reply send(ClassicHttpRequest request) {
        return send(request, DEFAULT_MAX_ANSWER, defaultDeadline);
    }

    /**
     * {@link #send(ClassicHttpRequest)} with its own limits: an answer longer than {@code maxBytes} is
     * refused (never read whole into memory), and the whole exchange, from connecting to the last byte,
     * ends after {@code deadline} (the connection is aborted, whatever the server keeps trickling).
     *
     * @throws TransientException when the peer cannot be reached, the connection fails, or the deadline passes
     * @throws dev.codexauth.error.ProtocolException when the answer is longer than {@code maxBytes}
     */
    @SuppressWarnings("deprecation") // the streaming form: a refused answer is dropped, never read to its end
    public Reply send(ClassicHttpRequest request, int maxBytes, Duration deadline) {
        if (maxBytes < 0 || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("maxBytes must not be negative and deadline must be positive");
        }
        HttpUriRequestBase call = cancellable(request);
        AtomicBoolean expired = new AtomicBoolean();
        AtomicReference<CloseableHttpResponse> open = new AtomicReference<>();
        ScheduledFuture<?> watch = deadlines.schedule(() -> {
            expired.set(true);
            call.cancel(); // aborts the connection: nothing is drained, a blocked read fails at once
            CloseableHttpResponse r = open.get();
            if (r != null) {
                closeQuietly(r); // a blocked read of the body fails at once
            }
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try (CloseableHttpResponse response = client.execute(call)) {
            open.set(response);
            if (expired.get()) {
                throw new InterruptedIOException("deadline");
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Header h : response.getHeaders()) {
                headers.putIfAbsent(h.getName(), h.getValue());
            }
            // closing the response without reading the rest drops the connection instead of draining it
            byte[] body = response.getEntity() == null ? new byte[0] : readAtMost(response.getEntity(), maxBytes, call);
            return new Reply(response.getCode(), headers, body);
        } catch (IOException e) {
            if (expired.get()) {
                throw new TransientException("No complete answer from " + host(request) + " within " + deadline.toMillis()
                        + " ms. Check the connection and try again.", null);
            }
            if (e instanceof InterruptedIOException) {
                throw new TransientException("No answer from " + host(request) + " in time. Check the connection and try again.", null);
            }
            throw new TransientException("Could not reach " + host(request) + " (" + e.getClass().getSimpleName()
                    + "). Check the network connection and try again.", null);
        } finally {
            watch.cancel(false);
        }
    }

    private static void closeQuietly(CloseableHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // already broken: nothing left to release
        }
    }

    private static byte[] readAtMost(HttpEntity entity, int maxBytes, HttpUriRequestBase call) throws IOException {
        if (entity.getContentLength() > maxBytes) {
            call.cancel(); // closing would read the rest to reuse the connection: drop it instead
            throw tooLarge(call, maxBytes);
        }
        InputStream in = entity.getContent();
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            if (out.size() + n > maxBytes) {
                call.cancel();
                throw tooLarge(call, maxBytes);
            }
            out.write(chunk, 0, n);
        }
        in.close();
        return out.toByteArray();
    }

    /** The request in a form whose exchange can be aborted from another thread. */
    private static HttpUriRequestBase cancellable(ClassicHttpRequest request) {
        if (request instanceof HttpUriRequestBase base) {
            return base;
        }
        try {
            HttpUriRequestBase copy = new HttpUriRequestBase(request.getMethod(), request.getUri());
            copy.setHeaders(request.getHeaders());
            copy.setEntity(request.getEntity());
            copy.setVersion(request.getVersion());
            return copy;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("The request has no valid URI: " + e.getReason());
        }
    }

    private static ProtocolException tooLarge(ClassicHttpRequest request, int maxBytes) {
        return new ProtocolException("The answer of " + host(request) + " is larger than " + maxBytes
                + " bytes; it was not read. Try again later, or report it if it keeps happening.", Recovery.RETRY, null);
    }

    private static String host(ClassicHttpRequest request) {
        try {
            return request.getUri().getHost();
        } catch (java.net.URISyntaxException e) {
            return "the server";
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.GRACEFUL);
        pool.close(CloseMode.GRACEFUL);
    }

    /**
     * A whole answer.
     *
     * @param headers first value of each header, names case-insensitive
     */
    public record Reply(int status, Map<String, String> headers, byte[] body) {

        /** A header's value, or null. */
        public String header(String name) {
            return headers.get(name);
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** How long the server asked us to wait ({@code Retry-After}, see {@link RetryAfter#parse}), or null. */
        public Duration retryAfter() {
            return RetryAfter.parse(header("Retry-After"));
        }
    }
}
