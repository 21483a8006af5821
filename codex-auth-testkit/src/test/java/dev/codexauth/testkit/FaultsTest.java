package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultsTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create();

    /** Reads a stream until it ends or breaks; returns what arrived and whether it ended cleanly. */
    record Received(String text, boolean clean) {
    }

    static Received readRaw(Backend backend, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.responsesUrl())
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(body)))
                .header("Content-Type", "application/json");
        String[] h = backend.headers();
        for (int i = 0; i < h.length; i += 2) {
            request.header(h[i], h[i + 1]);
        }
        HttpResponse<InputStream> response = Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean clean = true;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[256];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (IOException e) {
            clean = false;
        }
        return new Received(bytes.toString(StandardCharsets.UTF_8), clean);
    }

    @Test
    void usageLimitAnswers429WithPlanAndResetAndTheUsageEndpointAgrees(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 1);

        HttpResponse<String> r = backend.respond(backend.classic("hi"));

        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode error = Http.json(r).path("error");
        assertThat(error.path("type").asText()).isEqualTo("usage_limit_reached");
        assertThat(error.path("plan_type").asText()).isEqualTo("plus");
        assertThat(error.path("resets_in_seconds").asLong()).isEqualTo(42 * 60);
        long resetsAt = error.path("resets_at").asLong();
        assertThat(r.headers().firstValue("x-codex-primary-used-percent")).hasValue("100");
        assertThat(r.headers().firstValue("x-codex-primary-reset-at")).hasValue(Long.toString(resetsAt));
        JsonNode usage = Http.json(Http.get(URI.create(sandbox.backendUrl() + "/wham/usage"), backend.headers()));
        assertThat(usage.path("rate_limit").path("limit_reached").asBoolean()).isTrue();
        assertThat(usage.path("rate_limit").path("primary_window").path("reset_at").asLong()).isEqualTo(resetsAt);
        // armed for one call only
        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(200);
        JsonNode after = Http.json(Http.get(URI.create(sandbox.backendUrl() + "/wham/usage"), backend.headers()));
        assertThat(after.path("rate_limit").path("limit_reached").asBoolean()).isFalse();
    }

    @Test
    void usageLimitCanComeAs404AndUsageNotIncludedAs429(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimitAs404()).arm(Endpoint.RESPONSES, Fault.usageNotIncluded());

        HttpResponse<String> first = backend.respond(backend.classic("hi"));
        HttpResponse<String> second = backend.respond(backend.classic("hi"));

        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(Http.json(first).path("error").path("type").asText()).isEqualTo("usage_limit_reached");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(Http.json(second).path("error").path("type").asText()).isEqualTo("usage_not_included");
    }

    @Test
    void statusAndOverloadedAnswerForTheArmedNumberOfCalls(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.status(500), 2).arm(Endpoint.RESPONSES, Fault.overloaded(), 1);

        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(500);
        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(500);
        HttpResponse<String> overloaded = backend.respond(backend.classic("hi"));
        assertThat(overloaded.statusCode()).isEqualTo(503);
        assertThat(Http.json(overloaded).path("error").path("code").asText()).isEqualTo("server_is_overloaded");
        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(200);
        assertThat(sandbox.faults().pending(Endpoint.RESPONSES)).isZero();
    }

    @Test
    void faultsWorkOnIssuerEndpointsToo(Sandbox sandbox) {
        var creds = sandbox.mintCredentials();
        sandbox.faults().arm(Endpoint.TOKEN_REFRESH, Fault.status(502));
        URI token = URI.create(sandbox.issuerUrl() + "/oauth/token");
        Map<String, String> body = Map.of("client_id", Sandbox.DEFAULT_CLIENT_ID, "grant_type", "refresh_token",
                "refresh_token", creds.refreshToken());

        assertThat(Http.postJson(token, body).statusCode()).isEqualTo(502);
        // the failed attempt did not spend the token
        assertThat(Http.postJson(token, body).statusCode()).isEqualTo(200);
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(2);
    }

    @Test
    void delayAnswersNormallyAfterThePause(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        sandbox.faults().arm(Endpoint.MODELS, Fault.delay(Duration.ofMillis(300)));

        long start = System.nanoTime();
        HttpResponse<String> r = Http.get(URI.create(sandbox.backendUrl() + "/codex/models?client_version=0.160.1"),
                backend.headers());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void unauthorizedAnswers401Once(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.unauthorized());

        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(401);
        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(200);
    }

    @Test
    void closeWithoutResponseDropsTheConnection(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        var body = backend.classic("hi");
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.closeWithoutResponse());

        assertThatThrownBy(() -> backend.respond(body)).hasCauseInstanceOf(IOException.class);
        assertThat(backend.respond(body).statusCode()).isEqualTo(200);
    }

    @Test
    void cutMidEventBreaksTheStreamWithoutATerminalEvent(Sandbox sandbox) throws Exception {
        Backend backend = new Backend(sandbox);
        var body = backend.classic("hi");
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.cutMidEvent());

        Received received = readRaw(backend, body);

        assertThat(received.clean()).isFalse();
        assertThat(received.text()).doesNotContain("response.completed");
    }

    @Test
    void cutMidEventStopsInsideAnEventAndWithoutTheLastChunk(Sandbox sandbox) throws Exception {
        Backend backend = new Backend(sandbox);
        byte[] body = Http.write(backend.classic("hi")).getBytes(StandardCharsets.UTF_8);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.cutMidEvent());

        String wire;
        // a raw socket shows the bytes exactly as they left the server (HttpClient drops a broken tail)
        try (Socket socket = new Socket("127.0.0.1", sandbox.port())) {
            StringBuilder head = new StringBuilder("POST /backend-api/codex/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
            String[] h = backend.headers();
            for (int i = 0; i < h.length; i += 2) {
                head.append(h[i]).append(": ").append(h[i + 1]).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(wire).startsWith("HTTP/1.1 200").contains("\"delta\":\"Hello\"").doesNotContain("response.completed");
        String lastEvent = wire.substring(wire.lastIndexOf("event: "));
        assertThat(lastEvent).startsWith("event: response.output_text.delta\ndata: {")
                .doesNotContain("\n\n").doesNotEndWith("}\r\n");
        assertThat(wire).doesNotEndWith("0\r\n\r\n");
    }

    @Test
    void responseFailedAndErrorEventEndTheStreamWithTheServersCode(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.responseFailed("rate_limit_exceeded", "Rate limit reached. Please try again in 11.054s."))
                .arm(Endpoint.RESPONSES, Fault.errorEvent("server_error", "Something broke."));

        List<JsonNode> failed = Http.events(backend.respond(backend.classic("hi")).body());
        List<JsonNode> error = Http.events(backend.respond(backend.classic("hi")).body());

        JsonNode last = failed.get(failed.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("response.failed");
        assertThat(last.path("response").path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(last.path("response").path("status").asText()).isEqualTo("failed");
        JsonNode lastError = error.get(error.size() - 1);
        assertThat(lastError.path("type").asText()).isEqualTo("error");
        assertThat(lastError.path("code").asText()).isEqualTo("server_error");
        assertThat(Http.types(error)).doesNotContain("response.completed");
    }

    @Test
    void malformedDataComesBeforeAnOtherwiseNormalStream(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.malformedData());

        List<JsonNode> events = Http.events(backend.respond(backend.classic("hi")).body());

        assertThat(events).anyMatch(JsonNode::isTextual);
        assertThat(Http.types(events)).endsWith("response.completed");
    }

    @Test
    void holdAfterFirstDeltaWaitsForTheRelease(Sandbox sandbox) throws Exception {
        Backend backend = new Backend(sandbox);
        var body = backend.classic("hi");
        CountDownLatch release = new CountDownLatch(1);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.holdAfterFirstDelta(release));

        HttpRequest.Builder request = HttpRequest.newBuilder(backend.responsesUrl())
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(body)));
        String[] h = backend.headers();
        for (int i = 0; i < h.length; i += 2) {
            request.header(h[i], h[i + 1]);
        }
        HttpResponse<InputStream> response = Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains("\"delta\":\"Hello\"")) {
            int b = in.read();
            assertThat(b).isNotNegative();
            seen.append((char) b);
        }
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(rest).isNotDone();
        release.countDown();
        assertThat(rest.get(10, TimeUnit.SECONDS)).contains("response.completed");
    }

    @Test
    void aHeldStreamDoesNotKeepTheSandboxFromClosing() throws Exception {
        var before = Thread.getAllStackTraces().keySet();
        Sandbox sandbox = Sandbox.builder().start();
        Backend backend = new Backend(sandbox);
        var body = backend.classic("hi");
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.holdAfterFirstDelta(new CountDownLatch(1)));
        CompletableFuture<Received> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return readRaw(backend, body);
            } catch (Exception e) {
                return new Received("", false);
            }
        });
        while (sandbox.journal().count(Endpoint.RESPONSES) == 0) {
            Thread.sleep(5);
        }

        sandbox.close();

        assertThat(reading.get(10, TimeUnit.SECONDS).text()).doesNotContain("response.completed");
        assertThat(SandboxLifecycleTest.leftover(before)).isEmpty();
    }

    @Test
    void faultsAreArmedOverHttpToo(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        URI faults = URI.create(sandbox.url() + "/__sandbox/faults");

        HttpResponse<String> armed = Http.postJson(faults, Map.of("endpoint", "responses", "fault", "usage_limit", "times", 2));
        HttpResponse<String> failing = Http.postJson(faults, Map.of("endpoint", "responses", "fault", "response_failed",
                "code", "context_length_exceeded", "message", "Your input exceeds the context window of this model."));

        assertThat(armed.statusCode()).isEqualTo(200);
        assertThat(failing.statusCode()).isEqualTo(200);
        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(429);
        assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(429);
        assertThat(backend.respond(backend.classic("hi")).body()).contains("context_length_exceeded");
        assertThat(Http.postJson(faults, Map.of("endpoint", "responses", "fault", "nonsense")).statusCode()).isEqualTo(400);
        assertThat(Http.postJson(faults, Map.of("endpoint", "nowhere", "fault", "status")).statusCode()).isEqualTo(400);
    }

    @Test
    void armingAnUnknownEndpointFailsClearly(Sandbox sandbox) {
        assertThatThrownBy(() -> sandbox.faults().arm("respones", Fault.status(500), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("respones");
    }

    @Test
    void aHoldArmedOverHttpIsReleasedOverHttp(Sandbox sandbox) throws Exception {
        Backend backend = new Backend(sandbox);
        var body = backend.classic("hi");
        Http.postJson(URI.create(sandbox.url() + "/__sandbox/faults"),
                Map.of("endpoint", "responses", "fault", "hold_after_first_delta"));
        CompletableFuture<Received> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return readRaw(backend, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (sandbox.journal().count(Endpoint.RESPONSES) == 0) {
            Thread.sleep(5);
        }
        assertThat(reading).isNotDone();

        assertThat(Http.postJson(URI.create(sandbox.url() + "/__sandbox/release"), "{}").statusCode()).isEqualTo(200);

        Received received = reading.get(10, TimeUnit.SECONDS);
        assertThat(received.clean()).isTrue();
        assertThat(received.text()).contains("response.completed");
    }
}
