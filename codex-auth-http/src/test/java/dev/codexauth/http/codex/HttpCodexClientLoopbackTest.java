package dev.codexauth.http.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client over real loopback HTTP against a scripted JDK server: recorded fixture bytes, and the
 * timing situations (stalls, silence, a full accept queue) that need a server holding still.
 */
class HttpCodexClientLoopbackTest {

    private static final String CREATED = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}\n\n";
    private static final String DELTA = "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"Hel\"}\n\n";
    private static final String REST = "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"lo\"}\n\n"
            + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}}\n\n";

    private static HttpCodexClient client(Settings settings) {
        return client(settings, CredentialsProvider.fixed(TestParts.CREDENTIALS), null);
    }

    private static HttpCodexClient client(Settings settings, CredentialsProvider credentials, PrintStream console) {
        return HttpCodexClient.builder(settings).credentials(credentials).instructions(TestParts.source())
                .retryBackoff(Duration.ofMillis(5)).console(console).build();
    }

    private static ResponsesRequest hello() {
        return ResponsesRequest.ofText("gpt-5.5", "Say hello");
    }

    /** Sends the whole "Hello" answer at once. */
    private static StreamServer.Script answeringHello() {
        return ex -> {
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED + DELTA + REST);
        };
    }

    /** Sends the first delta, then holds the rest of the answer until {@code release} opens. */
    private static StreamServer.Script holdingTheRestUntil(CountDownLatch release) {
        return ex -> {
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED + DELTA);
            release.await(10, TimeUnit.SECONDS);
            StreamServer.write(ex, REST);
        };
    }

    /** Sends only {@code response.created}, then falls silent until {@code never} opens. */
    private static StreamServer.Script silentAfterCreatedUntil(CountDownLatch never) {
        return ex -> {
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED);
            never.await(10, TimeUnit.SECONDS);
        };
    }

    /** Sends the first delta, then keepalive comments; opens {@code clientGone} when a write fails. */
    private static StreamServer.Script lingeringAfterTheFirstDelta(CountDownLatch clientGone) {
        return ex -> {
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED + DELTA);
            try {
                for (int i = 0; i < 200; i++) {
                    Thread.sleep(25);
                    StreamServer.write(ex, ": still here\n\n");
                }
            } catch (IOException e) {
                clientGone.countDown();
            }
        };
    }

    static Stream<Path> fixtures() {
        return TestParts.fixtureStreams().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyRecordedStreamServedOverHttpGivesWhatItsSourceSays(Path fixture) throws Exception {
        byte[] bytes = TestParts.bytes(fixture);
        try (StreamServer server = new StreamServer(ex -> {
            StreamServer.sse(ex);
            for (int i = 0; i < bytes.length; i += 997) {
                StreamServer.write(ex, java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 997)));
            }
        }); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            CodexResponse r = client.respond(hello());

            List<String> expect = TestParts.read(fixture.resolveSibling(fixture.getFileName() + ".expect")).lines().toList();
            String source = TestParts.read(fixture.resolveSibling(fixture.getFileName() + ".source.txt"));
            assertThat(expect.get(0)).isEqualTo("0");
            assertThat(r.outputText() + r.toolCalls()).contains(expect.size() > 1 ? expect.get(1) : "");
            Matcher text = Pattern.compile("<<<TEXT\n(.*?)\nTEXT>>>", Pattern.DOTALL).matcher(source);
            if (text.find()) {
                assertThat(r.outputText()).isEqualTo(text.group(1));
            }
            Matcher id = Pattern.compile("(?m)^response_id: (.*)$").matcher(source);
            assertThat(id.find()).isTrue();
            assertThat(r.id()).isEqualTo(id.group(1).trim());
        }
    }

    @Test
    void callerHasTheFirstDeltaBeforeTheServerSendsTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean restSent = new AtomicBoolean();
        try (StreamServer server = new StreamServer(ex -> {
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED + DELTA);
            release.await(10, TimeUnit.SECONDS);
            restSent.set(true);
            StreamServer.write(ex, REST);
        }); HttpCodexClient client = client(TestParts.settings(server.base()).build());
             ResponseStream stream = client.stream(hello())) {
            Iterator<ResponseEvent> events = stream.iterator();
            assertThat(events.next()).isInstanceOf(ResponseEvent.Created.class);
            ResponseEvent first = events.next();
            assertThat(first).isInstanceOf(ResponseEvent.TextDelta.class);
            assertThat(((ResponseEvent.TextDelta) first).delta()).isEqualTo("Hel");
            assertThat(restSent).isFalse();
            release.countDown();
            assertThat(stream.finalResponse().outputText()).isEqualTo("Hello");
        }
    }

    @Test
    void firstByteTimeoutEndsAWaitForHeaders() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (StreamServer server = new StreamServer(ex -> never.await(10, TimeUnit.SECONDS));
             HttpCodexClient client = client(TestParts.settings(server.base()).firstByteTimeout(Duration.ofMillis(300)).build())) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(() -> client.respond(hello())).isInstanceOf(TransientException.class)
                            .hasMessageContaining("first-byte timeout"));
            never.countDown();
        }
    }

    @Test
    void idleTimeoutEndsASilentStream() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (StreamServer server = new StreamServer(silentAfterCreatedUntil(never)); HttpCodexClient client = client(TestParts.settings(server.base()).idleTimeout(Duration.ofMillis(300)).build())) {
            List<ResponseEvent> seen = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                try (ResponseStream stream = client.stream(hello())) {
                    assertThatThrownBy(() -> stream.forEach(seen::add)).isInstanceOf(TransientException.class)
                            .hasMessageContaining("idle timeout");
                }
            });
            assertThat(seen).hasSize(1);
            never.countDown();
        }
    }

    @Test
    void keepaliveCommentsDoNotHoldOffTheIdleTimeout() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (StreamServer server = new StreamServer(ex -> {
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED);
            for (int i = 0; i < 100 && !stop.get(); i++) {
                StreamServer.write(ex, ": keepalive\n\n");
                Thread.sleep(50);
            }
        }); HttpCodexClient client = client(TestParts.settings(server.base()).idleTimeout(Duration.ofMillis(400)).build())) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(() -> client.respond(hello())).hasMessageContaining("idle timeout"));
            stop.set(true);
        }
    }

    @Test
    void connectTimeoutEndsAConnectionThatIsNeverAccepted() throws Exception {
        // a listening socket whose accept queue is full: the kernel drops further SYNs, so connect hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (IOException e) {
                        s.close();
                        break; // the queue is full
                    }
                }
                URI base = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/backend-api");
                Settings settings = TestParts.settings(base).connectTimeout(Duration.ofMillis(300))
                        .firstByteTimeout(Duration.ofSeconds(30)).build();
                try (HttpTransport transport = HttpTransport.create(settings);
                     HttpCodexClient client = HttpCodexClient.builder(settings).transport(transport)
                             .credentials(CredentialsProvider.fixed(TestParts.CREDENTIALS)).instructions(TestParts.source())
                             .maxAttempts(1).build()) {
                    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                            assertThatThrownBy(() -> client.respond(hello())).isInstanceOf(TransientException.class)
                                    .hasMessageContaining("Could not reach").hasMessageContaining("ConnectTimeout"));
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void closingTheStreamMidAnswerClosesTheConnection() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        try (StreamServer server = new StreamServer(lingeringAfterTheFirstDelta(clientGone)); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            ResponseStream stream = client.stream(hello());
            Iterator<ResponseEvent> events = stream.iterator();
            events.next();
            assertThat(events.next()).isInstanceOf(ResponseEvent.TextDelta.class);
            stream.close();
            assertThat(clientGone.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(events::hasNext).isInstanceOf(TransientException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void cancellingTheAsyncFutureClosesTheConnection() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        try (StreamServer server = new StreamServer(lingeringAfterTheFirstDelta(clientGone)); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            CountDownLatch firstDelta = new CountDownLatch(1);
            CompletableFuture<CodexResponse> future = client.respondAsync(hello(), e -> {
                if (e instanceof ResponseEvent.TextDelta) {
                    firstDelta.countDown();
                }
            });
            assertThat(firstDelta.await(5, TimeUnit.SECONDS)).isTrue();
            future.cancel(true);
            assertThat(clientGone.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(future).isCancelled();
        }
    }

    @Test
    void asyncFormDeliversEveryEventAndTheFinalResponse() throws Exception {
        try (StreamServer server = new StreamServer(answeringHello()); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            List<String> types = new java.util.concurrent.CopyOnWriteArrayList<>();
            CodexResponse r = client.respondAsync(hello(), e -> types.add(e.type())).get(5, TimeUnit.SECONDS);
            assertThat(r.outputText()).isEqualTo("Hello");
            assertThat(types).containsExactly("response.created", "response.output_text.delta",
                    "response.output_text.delta", "response.completed");
        }
    }

    @Test
    void serverErrorsBeforeTheFirstByteAreRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (StreamServer server = new StreamServer(ex -> {
            if (calls.incrementAndGet() < 3) {
                ex.sendResponseHeaders(502, -1);
                return;
            }
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED + DELTA + REST);
        }); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            assertThat(client.respond(hello()).outputText()).isEqualTo("Hello");
            assertThat(calls).hasValue(3);
        }
    }

    @Test
    void retriesAreBounded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (StreamServer server = new StreamServer(ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
        }); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            assertThatThrownBy(() -> client.respond(hello())).isInstanceOf(TransientException.class).hasMessageContaining("HTTP 500");
            assertThat(calls).hasValue(3);
        }
    }

    @Test
    void manyThreadsShareOneClient() throws Exception {
        try (StreamServer server = new StreamServer(answeringHello()); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> client.respond(hello()).outputText()));
            }
            for (CompletableFuture<String> a : answers) {
                assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("Hello");
            }
        }
    }

    @Test
    void withLoggingOnNoTokenReachesAnyLogFileOrConsoleLine(@TempDir Path home) throws Exception {
        Credentials c = TestParts.CREDENTIALS;
        AtomicInteger calls = new AtomicInteger();
        try (StreamServer server = new StreamServer(ex -> {
            if (calls.incrementAndGet() == 1) {
                // a server that echoes what it got must not get the tokens into the logs either
                byte[] body = ("{\"detail\":\"bad token " + c.accessToken() + " for " + c.accountId() + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("x-echo", "Bearer " + c.accessToken());
                ex.sendResponseHeaders(400, body.length);
                StreamServer.write(ex, body);
                return;
            }
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED + "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\""
                    + c.refreshToken() + "\"}\n\n" + REST);
        })) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            Settings settings = TestParts.settings(server.base()).home(home).requestLogging(true).debug(true).build();
            try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
                 HttpCodexClient client = client(settings, CredentialsProvider.fixed(c), out)) {
                assertThatThrownBy(() -> client.respond(hello())).hasMessageContaining("rejected");
                client.respond(ResponsesRequest.ofText("gpt-5.5", "my token is " + c.idToken()));
            }
            Path logs = settings.logDir();
            List<Path> files;
            try (Stream<Path> list = Files.list(logs)) {
                files = list.sorted().toList();
            }
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("request-1-before-transform.json",
                    "request-1-after-transform.json", "request-1-error-response.json", "request-2-response.json",
                    "request-2-stream-full.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs))).isEqualTo("rwx------");
            StringBuilder everything = new StringBuilder(console.toString(StandardCharsets.UTF_8));
            for (Path f : files) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                everything.append(Files.readString(f));
            }
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("[codex-auth] request 1");
            assertThat(everything.toString()).contains("gpt-5.5").doesNotContain(c.accessToken(), c.refreshToken(),
                    c.idToken(), c.accountId(), "eyJ");
        }
    }

    @Test
    void withLoggingOffNothingIsWritten(@TempDir Path home) throws Exception {
        try (StreamServer server = new StreamServer(answeringHello())) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            Settings settings = TestParts.settings(server.base()).home(home).build();
            try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
                 HttpCodexClient client = client(settings, CredentialsProvider.fixed(TestParts.CREDENTIALS), out)) {
                client.respond(hello());
            }
            assertThat(settings.logDir()).doesNotExist();
            assertThat(console.size()).isZero();
        }
    }

    private static HttpCodexClient handTimed(Settings settings, HandTurnedTimer timer) {
        return HttpCodexClient.builder(settings).credentials(CredentialsProvider.fixed(TestParts.CREDENTIALS))
                .instructions(TestParts.source()).retryBackoff(Duration.ofMillis(5)).watchdog(new Watchdog(timer)).build();
    }

    @Test
    void idleTimeoutLongerThanTheFirstByteTimeoutIsHonoured() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HandTurnedTimer timer = new HandTurnedTimer();
        try (StreamServer server = new StreamServer(holdingTheRestUntil(release)); HttpCodexClient client = handTimed(TestParts.settings(server.base()).firstByteTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofSeconds(5)).build(), timer);
             ResponseStream stream = client.stream(hello())) {
            Iterator<ResponseEvent> events = stream.iterator();
            events.next();
            assertThat(events.next()).isInstanceOf(ResponseEvent.TextDelta.class);
            // the backend is silent longer than the first-byte timeout, well within the idle timeout
            CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> stream.finalResponse().outputText());
            timer.advance(Duration.ofMillis(900));
            release.countDown();
            assertThat(rest.get(10, TimeUnit.SECONDS)).isEqualTo("Hello");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aCallerHoldingAnEventLongerThanTheIdleTimeoutKeepsTheStream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HandTurnedTimer timer = new HandTurnedTimer();
        try (StreamServer server = new StreamServer(holdingTheRestUntil(release)); HttpCodexClient client = handTimed(TestParts.settings(server.base()).idleTimeout(Duration.ofMillis(300)).build(), timer);
             ResponseStream stream = client.stream(hello())) {
            Iterator<ResponseEvent> events = stream.iterator();
            events.next();
            assertThat(events.next()).isInstanceOf(ResponseEvent.TextDelta.class);
            timer.advance(Duration.ofSeconds(10)); // the caller runs a tool with the event in hand
            release.countDown();
            assertThat(stream.finalResponse().outputText()).isEqualTo("Hello");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aListenerSlowerThanTheIdleTimeoutDoesNotCutTheStream() throws Exception {
        HandTurnedTimer timer = new HandTurnedTimer();
        CountDownLatch release = new CountDownLatch(1);
        try (StreamServer server = new StreamServer(holdingTheRestUntil(release)); HttpCodexClient client = handTimed(TestParts.settings(server.base()).idleTimeout(Duration.ofMillis(300)).build(), timer)) {
            CodexResponse r = client.respondAsync(hello(), e -> {
                if (e instanceof ResponseEvent.TextDelta) {
                    timer.advance(Duration.ofSeconds(1)); // the listener works longer than the idle timeout
                    release.countDown();
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(r.outputText()).isEqualTo("Hello");
        } finally {
            release.countDown();
        }
    }

    @Test
    void theIdleTimeoutStillEndsABackendThatFallsSilentWhileTheStreamWaits() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HandTurnedTimer timer = new HandTurnedTimer();
        try (StreamServer server = new StreamServer(silentAfterCreatedUntil(never)); HttpCodexClient client = handTimed(TestParts.settings(server.base()).idleTimeout(Duration.ofMillis(300)).build(), timer);
             ResponseStream stream = client.stream(hello())) {
            Iterator<ResponseEvent> events = stream.iterator();
            assertThat(events.next()).isInstanceOf(ResponseEvent.Created.class);
            CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(events::hasNext);
            while (!next.isDone()) {
                timer.advance(Duration.ofMillis(100)); // time passes while the reader waits on the socket
                Thread.sleep(5);
            }
            assertThatThrownBy(next::join).hasCauseInstanceOf(TransientException.class).hasMessageContaining("idle timeout");
        } finally {
            never.countDown();
        }
    }

    @Test
    void aFailureAfterTheAnswerArrivedStillClosesTheConnection() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        try (StreamServer server = new StreamServer(ex -> {
            ex.getResponseHeaders().add("X-Models-Etag", "\"new-catalog\"");
            StreamServer.sse(ex);
            try {
                // the client may be gone before even the first event: every write is watched
                StreamServer.write(ex, CREATED + DELTA);
                for (int i = 0; i < 600; i++) { // until the client is gone, 15 s at most
                    Thread.sleep(25);
                    StreamServer.write(ex, ": still here\n\n");
                }
            } catch (IOException e) {
                clientGone.countDown();
            }
        })) {
            dev.codexauth.instructions.InstructionSource base = TestParts.source();
            dev.codexauth.instructions.InstructionSource failing = new dev.codexauth.instructions.InstructionSource() {
                @Override
                public dev.codexauth.instructions.ModelCatalog catalog(dev.codexauth.instructions.CatalogKey key) {
                    return base.catalog(key);
                }

                @Override
                public void catalogChanged(dev.codexauth.instructions.CatalogKey key, String etag) {
                    throw new IllegalStateException("catalog refresh failed");
                }

                @Override
                public String name() {
                    return "failing";
                }
            };
            try (HttpCodexClient client = HttpCodexClient.builder(TestParts.settings(server.base()).build())
                    .credentials(CredentialsProvider.fixed(TestParts.CREDENTIALS)).instructions(failing).build()) {
                assertThatThrownBy(() -> client.stream(hello())).isInstanceOf(IllegalStateException.class).hasMessage("catalog refresh failed");
                assertThat(clientGone.await(15, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void requestLogsOfALaterRunDoNotOverwriteEarlierOnes(@TempDir Path home) throws Exception {
        try (StreamServer server = new StreamServer(answeringHello())) {
            Settings settings = TestParts.settings(server.base()).home(home).requestLogging(true).build();
            for (int run = 0; run < 2; run++) {
                try (HttpCodexClient client = client(settings)) { // a new client: as a new process would start
                    client.respond(ResponsesRequest.ofText("gpt-5.5", "run " + run));
                }
            }
            assertThat(Files.readString(settings.logDir().resolve("request-1-before-transform.json"))).contains("run 0");
            assertThat(Files.readString(settings.logDir().resolve("request-2-before-transform.json"))).contains("run 1");
        }
    }

    @Test
    void finishedStreamsLeaveTheirConnectionForTheNextRequest() throws Exception {
        List<Integer> clientPorts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (StreamServer server = new StreamServer(ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            StreamServer.sse(ex);
            StreamServer.write(ex, CREATED + DELTA + REST);
        }); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.respond(hello()).outputText()).isEqualTo("Hello");
            }
        }
        assertThat(clientPorts).hasSize(3);
        assertThat(java.util.Set.copyOf(clientPorts)).hasSize(1);
    }

    @Test
    void cancellingAPublisherSubscriptionClosesTheConnection() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        try (StreamServer server = new StreamServer(lingeringAfterTheFirstDelta(clientGone)); HttpCodexClient client = client(TestParts.settings(server.base()).build())) {
            CountDownLatch firstDelta = new CountDownLatch(1);
            client.publisher(hello()).subscribe(new java.util.concurrent.Flow.Subscriber<>() {
                private java.util.concurrent.Flow.Subscription subscription;

                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(ResponseEvent item) {
                    if (item instanceof ResponseEvent.TextDelta) {
                        subscription.cancel();
                        firstDelta.countDown();
                    } else {
                        subscription.request(1);
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            });
            assertThat(firstDelta.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(clientGone.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
