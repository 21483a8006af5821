package dev.codexauth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency the library adds to the first text delta. Before each invocation a request is sent and
 * everything up to the first delta is read (about 60 KB: {@code response.created} and
 * {@code response.in_progress} echoing instructions and tools, the message's opening events); the
 * server then holds the stream, and after the delta it holds it again until the invocation is over,
 * so the delta travels alone, as a model's first token does. The measured time runs from telling the server to write the delta
 * until the caller has it: through {@link HttpCodexClient}'s stream iterator (SSE parsing, JSON,
 * the typed event, the response assembler), against a raw HttpClient 5 read of the same stream that
 * stops at the delta's blank line. Both pay the same hand-off to the server thread and loopback
 * write; the difference is what the library adds. The trial's teardown also prints the median time
 * from just before the server's write to the delta's arrival.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirstEventLatencyBenchmark {

    /** The server, the shared transport, and the arrival times noted per invocation. */
    @State(Scope.Benchmark)
    public static class Backend {
        LoopbackStreamServer server;
        RealisticStream.Stream stream;
        Settings settings;
        HttpTransport transport;
        Path home;
        long[] writeToArrival = new long[1 << 16];
        int samples;

        @Setup(Level.Trial)
        public void start() throws IOException {
            stream = RealisticStream.build(20, false);
            server = new LoopbackStreamServer(stream);
            home = Files.createTempDirectory("codex-auth-bench");
            settings = Settings.builder().home(home).baseUrl(server.backendUrl()).build();
            transport = HttpTransport.create(settings);
        }

        void arrived(long at) {
            if (samples < writeToArrival.length) {
                writeToArrival[samples++] = at - server.firstDeltaWrittenAt();
            }
        }

        @TearDown(Level.Trial)
        public void stop(org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
            transport.close();
            server.close();
            Files.deleteIfExists(home);
            long[] s = Arrays.copyOf(writeToArrival, samples);
            Arrays.sort(s);
            if (s.length > 0) {
                System.out.printf("%n%s: server write -> caller has the delta: median %.1f us, p90 %.1f us, n=%d "
                                + "(warm-up included)%n", params.getBenchmark().replaceAll(".*\\.", ""),
                        s[s.length / 2] / 1e3, s[(int) (s.length * 0.9)] / 1e3, s.length);
            }
        }
    }

    /** The library's client, with a fixed login and catalog (neither is on the measured path). */
    @State(Scope.Benchmark)
    public static class Client {
        HttpCodexClient client;
        ResponseStream open;
        Iterator<ResponseEvent> events;

        @Setup(Level.Trial)
        public void start(Backend backend) {
            byte[] catalogJson;
            Credentials login;
            try (Sandbox sandbox = Sandbox.builder().start()) {
                catalogJson = sandbox.catalogJson();
                login = sandbox.mintCredentials();
            }
            ModelCatalog catalog = ModelCatalog.parse(catalogJson, "sandbox", "etag-1", Instant.now());
            client = HttpCodexClient.builder(backend.settings).transport(backend.transport)
                    .credentials(CredentialsProvider.fixed(login)).instructions(new FixedCatalog(catalog)).build();
        }

        @Setup(Level.Invocation)
        public void readUpToFirstDelta(Backend backend) {
            open = client.stream(ResponsesRequest.ofText("gpt-5.5", "Say hello."));
            events = open.iterator();
            for (int i = 0; i < backend.stream.preambleEvents(); i++) {
                events.next();
            }
        }

        @TearDown(Level.Invocation)
        public void readTheRest(Backend backend) {
            backend.server.sendTheRest();
            open.finalResponse();
            open.close();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /** The same request over the raw transport, counting blank lines. */
    @State(Scope.Benchmark)
    public static class Raw {
        private static final ObjectMapper JSON = new ObjectMapper();
        final byte[] buffer = new byte[8192];
        byte[] body;
        URI url;
        CloseableHttpResponse response;
        InputStream in;
        int frames;
        byte last;

        @Setup(Level.Trial)
        public void start(Backend backend) throws IOException {
            url = URI.create(backend.server.backendUrl() + "/codex/responses");
            body = JSON.writeValueAsBytes(ResponsesRequest.ofText("gpt-5.5", "Say hello.").body());
        }

        @Setup(Level.Invocation)
        @SuppressWarnings("deprecation") // the streaming form, as HttpCodexClient uses it
        public void readUpToFirstDelta(Backend backend) throws IOException {
            HttpPost post = new HttpPost(url);
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            response = backend.transport.client().execute(post);
            in = response.getEntity().getContent();
            frames = 0;
            last = 0;
            readFrames(backend.stream.preambleEvents());
        }

        /** Reads until {@code upTo} frames (events ending in a blank line) have arrived. */
        void readFrames(int upTo) throws IOException {
            while (frames < upTo) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("the stream ended early");
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n' && last == '\n') {
                        frames++;
                    }
                    last = b;
                }
            }
        }

        @TearDown(Level.Invocation)
        public void readTheRest(Backend backend) throws IOException {
            backend.server.sendTheRest();
            while (in.read(buffer) >= 0) {
                // drain, so the connection is reused
            }
            response.close();
        }
    }

    /** Baseline: the first delta's bytes through HttpClient 5, no parsing. */
    @Benchmark
    public int rawHttpClientFirstDelta(Backend backend, Raw raw) throws IOException {
        backend.server.sendFirstDelta();
        raw.readFrames(backend.stream.preambleEvents() + 1);
        backend.arrived(System.nanoTime());
        return raw.frames;
    }

    /** The first delta as a typed event from {@code CodexClient.stream(...)}. */
    @Benchmark
    public ResponseEvent codexClientFirstDelta(Backend backend, Client client) {
        backend.server.sendFirstDelta();
        ResponseEvent first = client.events.next();
        backend.arrived(System.nanoTime());
        if (!(first instanceof ResponseEvent.TextDelta)) {
            throw new IllegalStateException("expected the first text delta, got " + first.getClass().getSimpleName());
        }
        return first;
    }

    /** The one catalog the client is given: no I/O. */
    static final class FixedCatalog implements InstructionSource {
        private final ModelCatalog catalog;

        FixedCatalog(ModelCatalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public ModelCatalog catalog(CatalogKey key) {
            return catalog;
        }

        @Override
        public String name() {
            return "fixed";
        }
    }
}
