package dev.codexauth.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or broken backend on loopback, written by hand so it can do what no real server should:
 * never answer, keep a stream alive forever without an event, send one event of a gigabyte (generated
 * on the fly, never held in memory), or stream events forever. The client must stay within bounded
 * memory, give up on time, and say clearly what happened, with no token in the error.
 */
@Timeout(60)
class HostileBackendTest {

    private static final Credentials LOGIN = new Credentials("eyJhbGciOiJub25lIn0.eyJzdWIiOiJob3N0aWxlIn0.SECRETaccess0123456789",
            "rt_SECRETrefresh0123456789", null, Instant.now().plusSeconds(3600), "acct-hostile");
    private static final String CATALOG = """
            {"models":[{"slug":"gpt-5.5","priority":1,"visibility":"list","default_reasoning_level":"medium",
              "supported_reasoning_levels":[{"effort":"medium"}],"base_instructions":"You are Codex."}]}""";
    private static final byte[] SSE_HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path home;

    private final CopyOnWriteArrayList<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** What the server does after reading a request. */
    @FunctionalInterface
    interface Behaviour {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    /** A one-behaviour HTTP server on 127.0.0.1 that counts what it wrote. */
    final class RogueServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong written = new AtomicLong();
        private final Thread acceptor;

        RogueServer(Behaviour behaviour) throws IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        opened.add(s);
                        Thread t = new Thread(() -> serve(s, behaviour), "rogue-connection");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "rogue-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            opened.add(this);
        }

        private void serve(Socket s, Behaviour behaviour) {
            try (s) {
                readRequest(new BufferedInputStream(s.getInputStream()));
                OutputStream counting = new OutputStream() {
                    final OutputStream out = s.getOutputStream();

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        written.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        written.addAndGet(len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }
                };
                behaviour.answer(counting);
            } catch (IOException | InterruptedException e) {
                // the client hung up: what we wanted
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/backend-api");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        // headers up to the blank line, then the body by Content-Length
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        long length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        in.readNBytes((int) length);
    }

    private HttpCodexClient client(RogueServer server, Duration firstByte, Duration idle) {
        return client(server, firstByte, idle, dev.codexauth.sse.SseParser.DEFAULT_MAX_EVENT_SIZE);
    }

    private HttpCodexClient client(RogueServer server, Duration firstByte, Duration idle, int maxEventSize) {
        Settings settings = Settings.builder(new Properties(), Map.of()).home(home).baseUrl(server.url())
                .firstByteTimeout(firstByte).idleTimeout(idle).build();
        ModelCatalog catalog = ModelCatalog.parse(CATALOG.getBytes(StandardCharsets.UTF_8), "test", null, Instant.now());
        HttpCodexClient client = HttpCodexClient.builder(settings).credentials(CredentialsProvider.fixed(LOGIN))
                .instructions(new InstructionSource() {
                    @Override
                    public ModelCatalog catalog(CatalogKey key) {
                        return catalog;
                    }

                    @Override
                    public String name() {
                        return "test";
                    }
                }).maxAttempts(1).maxEventSize(maxEventSize).build();
        opened.add(client);
        return client;
    }

    private static void assertNoSecret(Throwable failure) {
        new SecretScan().add(LOGIN).assertAbsentFrom(failure);
    }

    @Test
    void aBackendThatNeverAnswersTimesOutWithAClearError() throws Exception {
        RogueServer server = new RogueServer(out -> Thread.sleep(Long.MAX_VALUE));
        HttpCodexClient client = client(server, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.respond(ResponsesRequest.ofText("gpt-5.5", "Hello?")))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("no answer").hasMessageContaining(Settings.FIRST_BYTE_TIMEOUT)
                .satisfies(HostileBackendTest::assertNoSecret);
    }

    @Test
    void anEndlessStreamOfKeepalivesWithoutEventsEndsAtTheIdleTimeout() throws Exception {
        RogueServer server = new RogueServer(out -> {
            out.write(SSE_HEADERS);
            byte[] keepalive = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(keepalive);
                out.flush();
                Thread.sleep(20);
            }
        });
        HttpCodexClient client = client(server, Duration.ofSeconds(5), Duration.ofSeconds(1));
        assertThatThrownBy(() -> client.respond(ResponsesRequest.ofText("gpt-5.5", "Hello?")))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("idle timeout").hasMessageContaining(Settings.IDLE_TIMEOUT)
                .satisfies(HostileBackendTest::assertNoSecret);
    }

    @Test
    void aOneGigabyteEventIsRefusedWhileStreamingNotAllocated() throws Exception {
        long gigabyte = 1L << 30;
        RogueServer server = new RogueServer(out -> {
            out.write(SSE_HEADERS);
            out.write("data: {\"type\":\"response.output_text.delta\",\"delta\":\"".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            for (long sent = 0; sent < gigabyte; sent += chunk.length) {
                out.write(chunk);
            }
            out.write("\"}\n\n".getBytes(StandardCharsets.US_ASCII));
        });
        HttpCodexClient client = client(server, Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThatThrownBy(() -> client.respond(ResponsesRequest.ofText("gpt-5.5", "Hello?")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeded")
                .satisfies(HostileBackendTest::assertNoSecret);
        // the client stopped reading soon after the limit (16 MiB): the gigabyte was never sent, let alone held
        Thread.sleep(200);
        assertThat(server.written.get()).isLessThan(128L << 20);
    }

    @Test
    void aUsageLimitWhoseResetIsBeyondTheCalendarIsStillAUsageLimit() throws Exception {
        RogueServer server = new RogueServer(out -> {
            byte[] body = ("{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"The usage limit has been reached\","
                    + "\"plan_type\":\"plus\",\"resets_at\":1e300,\"resets_in_seconds\":1e300}}").getBytes(StandardCharsets.US_ASCII);
            out.write(("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nx-codex-primary-used-percent: 100\r\n"
                    + "x-codex-primary-reset-at: 1e300\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        });
        HttpCodexClient client = client(server, Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.respond(ResponsesRequest.ofText("gpt-5.5", "Hello?")))
                .isInstanceOf(dev.codexauth.error.UsageLimitException.class)
                .hasMessageContaining("usage limit")
                .satisfies(HostileBackendTest::assertNoSecret);
    }

    @Test
    void rateLimitFiguresBeyondTheCalendarDoNotBreakAnAnswer() throws Exception {
        RogueServer server = new RogueServer(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nx-codex-primary-used-percent: 5\r\n"
                    + "x-codex-primary-reset-at: 1e300\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("data: {\"type\":\"codex.rate_limits\",\"plan_type\":\"plus\",\"rate_limits\":{\"primary\":"
                    + "{\"used_percent\":5,\"window_minutes\":300,\"reset_at\":1e300}}}\n\n"
                    + "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"hi\"}\n\n"
                    + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        HttpCodexClient client = client(server, Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(client.respond(ResponsesRequest.ofText("gpt-5.5", "Hello?")).outputText()).isEqualTo("hi");
    }

    private static final Behaviour ENDLESS_DELTAS = out -> {
        out.write(SSE_HEADERS);
        byte[] delta = ("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                + "\"output_index\":0,\"delta\":\"" + "x".repeat(1000) + "\"}\n\n").getBytes(StandardCharsets.US_ASCII);
        while (true) {
            out.write(delta);
        }
    };

    @Test
    void anEndlessStreamOfEventsEndsWithAClearErrorOnceTheAnswerOutgrowsItsLimit() throws Exception {
        RogueServer server = new RogueServer(ENDLESS_DELTAS);
        int maxEvent = 1 << 20; // a whole answer may then be 8 MiB
        HttpCodexClient client = client(server, Duration.ofSeconds(10), Duration.ofSeconds(10), maxEvent);
        assertThatThrownBy(() -> client.respond(ResponsesRequest.ofText("gpt-5.5", "Hello?")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("without ending")
                .satisfies(HostileBackendTest::assertNoSecret);
        Thread.sleep(200);
        assertThat(server.written.get()).isLessThan(8L * maxEvent + (16L << 20));
    }

    @Test
    void anEndlessStreamOfEventsCanBeReadAndClosedByTheCaller() throws Exception {
        RogueServer server = new RogueServer(ENDLESS_DELTAS);
        HttpCodexClient client = client(server, Duration.ofSeconds(10), Duration.ofSeconds(10));
        long events = 0;
        try (ResponseStream stream = client.stream(ResponsesRequest.ofText("gpt-5.5", "Hello?"))) {
            Iterator<ResponseEvent> it = stream.iterator();
            while (events < 20_000 && it.hasNext()) { // about 20 MB of answer
                it.next();
                events++;
            }
        }
        assertThat(events).isEqualTo(20_000);
        long sentWhenClosed = server.written.get();
        Thread.sleep(300);
        // closing the stream hung up: the server could write little more afterwards
        assertThat(server.written.get() - sentWhenClosed).isLessThan(16L << 20);
    }
}
