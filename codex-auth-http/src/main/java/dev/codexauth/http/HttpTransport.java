package dev.codexauth.http;

import dev.codexauth.config.Settings;
import dev.codexauth.error.TransientException;
import dev.codexauth.retry.RetryAfter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
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

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;

    private HttpTransport(Settings settings) {
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
     * Sends a request and reads the whole (small) answer: for JSON endpoints, never for streams.
     *
     * @throws TransientException when the peer cannot be reached or the connection fails; the message
     *         names the host, never the request's headers or body
     */
    public Reply send(ClassicHttpRequest request) {
        try {
            return client.execute(request, response -> {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header h : response.getHeaders()) {
                    headers.putIfAbsent(h.getName(), h.getValue());
                }
                byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                return new Reply(response.getCode(), headers, body);
            });
        } catch (InterruptedIOException e) {
            throw new TransientException("No answer from " + host(request) + " in time. Check the connection and try again.", e);
        } catch (IOException e) {
            throw new TransientException("Could not reach " + host(request) + " (" + e.getClass().getSimpleName()
                    + "). Check the network connection and try again.", null);
        }
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
