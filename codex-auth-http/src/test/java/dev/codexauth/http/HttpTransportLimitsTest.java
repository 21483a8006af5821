package dev.codexauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.TransientException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limits of {@link HttpTransport#send}: answers too large are refused unread, a trickle ends at the deadline. */
class HttpTransportLimitsTest {

    private HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private HttpTransport transport;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/small", ex -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        // an endless answer: 1 KiB at a time, until the client goes away
        server.createContext("/endless", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[1024];
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                    out.flush();
                    if (ex.getRequestURI().getQuery() != null) {
                        Thread.sleep(20); // ?slow: a trickle
                    }
                }
            } catch (IOException e) {
                clientGone.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(threads);
        server.start();
        transport = HttpTransport.create(Settings.builder(new Properties(), Map.of()).build());
    }

    @AfterEach
    void stop() {
        transport.close();
        server.stop(0);
        threads.shutdownNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aSmallAnswerIsReadWhole() {
        HttpTransport.Reply r = transport.send(new HttpGet(url("/small")), 1024, Duration.ofSeconds(30));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefusedAndTheConnectionDropped() throws Exception {
        assertThatThrownBy(() -> transport.send(new HttpGet(url("/endless")), 64 * 1024, Duration.ofSeconds(60)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("larger than 65536 bytes");
        assertThat(clientGone.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTrickleThatNeverEndsIsCutAtTheDeadline() throws Exception {
        // a request that is not an HttpUriRequestBase (as the issuer client builds them) can be cut too
        assertThatThrownBy(() -> transport.send(ClassicRequestBuilder.get(url("/endless?slow")).build(),
                Integer.MAX_VALUE, Duration.ofMillis(500)))
                .isInstanceOf(TransientException.class).hasMessageContaining("within 500 ms");
        assertThat(clientGone.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
