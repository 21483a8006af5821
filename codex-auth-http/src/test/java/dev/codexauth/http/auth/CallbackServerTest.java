package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.auth.AuthorizationResponse;
import dev.codexauth.error.LoginException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallbackServerTest {

    private static final String STATE = "the-right-state-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static CallbackServer start() throws Exception {
        return CallbackServer.start(0, STATE::equals);
    }

    @Test
    void listensOnlyOnTheLoopbackAddressesOfLocalhost() throws Exception {
        try (CallbackServer server = start()) {
            assertThat(server.addresses()).isNotEmpty().allSatisfy(a -> {
                assertThat(a.getAddress().isLoopbackAddress()).isTrue();
                assertThat(a.getAddress().isAnyLocalAddress()).isFalse();
            });
            assertThat(server.addresses().stream().map(InetSocketAddress::getAddress).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(CallbackServer.loopbackAddresses());
        }
    }

    @Test
    void aForgedStateGets400AndTheWaitGoesOn() throws Exception {
        try (CallbackServer server = start()) {
            RawHttp.Response forged = RawHttp.get(server.port(), "/auth/callback?code=stolen&state=forged");
            RawHttp.Response noState = RawHttp.get(server.port(), "/auth/callback?code=stolen");

            assertThat(forged.status()).isEqualTo(400);
            assertThat(forged.body()).contains("State mismatch");
            assertThat(noState.status()).isEqualTo(400);

            CompletableFuture<RawHttp.Response> real = CompletableFuture.supplyAsync(() -> get(server.port(),
                    "/auth/callback?code=real-code&state=" + STATE));
            AuthorizationResponse response = server.awaitResponse(WAIT);
            assertThat(response.code()).isEqualTo("real-code");
            server.finish(new CallbackServer.Page(200, "Signed in", "ok"));
            assertThat(real.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void aCallbackWithoutACodeGets400AndTheWaitGoesOn() throws Exception {
        try (CallbackServer server = start()) {
            RawHttp.Response missing = RawHttp.get(server.port(), "/auth/callback?state=" + STATE);

            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.body()).contains("no authorization code");
            assertThatThrownBy(() -> server.awaitResponse(Duration.ofMillis(200))).isInstanceOf(LoginException.class);
        }
    }

    @Test
    void otherPathsGet404() throws Exception {
        try (CallbackServer server = start()) {
            assertThat(RawHttp.get(server.port(), "/").status()).isEqualTo(404);
            assertThat(RawHttp.get(server.port(), "/favicon.ico").status()).isEqualTo(404);
            assertThat(RawHttp.get(server.port(), "/auth/callbackx?code=c&state=" + STATE).status()).isEqualTo(404);
        }
    }

    @Test
    void anIssuerErrorEndsTheWaitWithItsReason() throws Exception {
        try (CallbackServer server = start()) {
            RawHttp.Response page = RawHttp.get(server.port(),
                    "/auth/callback?error=access_denied&error_description=missing_codex_entitlement&state=" + STATE);

            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("Codex is not enabled");
            AuthorizationResponse response = server.awaitResponse(WAIT);
            assertThat(response.isError()).isTrue();
        }
    }

    @Test
    void theBrowserSeesTheOutcomeOnlyOnceTheSignInFinishes() throws Exception {
        try (CallbackServer server = start();
             Socket browser = RawHttp.send(InetAddress.getLoopbackAddress(), server.port(),
                     "/auth/callback?code=c&state=" + STATE)) {
            server.awaitResponse(WAIT);
            awaitAnswerHeldOpen();
            // On loopback, bytes written are in our receive buffer before the writer goes on: a premature
            // answer, written before the handler started to wait, would be readable now.
            assertThat(browser.getInputStream().available()).isZero();

            server.finish(new CallbackServer.Page(200, "Signed in to Codex", "Signed in as <ada@example.com>."));

            RawHttp.Response page = RawHttp.read(browser);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            assertThat(page.body()).contains("Signed in as &lt;ada@example.com&gt;.").startsWith("<!doctype html>");
        }
    }

    @Test
    void cancelEndsTheWait() throws Exception {
        try (CallbackServer server = start()) {
            RawHttp.Response cancel = RawHttp.get(server.port(), "/cancel");

            assertThat(cancel.status()).isEqualTo(200);
            assertThatThrownBy(() -> server.awaitResponse(WAIT)).isInstanceOf(LoginException.class)
                    .hasMessageContaining("another sign-in started");
        }
    }

    @Test
    void theWaitTimesOut() throws Exception {
        try (CallbackServer server = start()) {
            assertThatThrownBy(() -> server.awaitResponse(Duration.ofMillis(300)))
                    .isInstanceOf(LoginException.class).hasMessageContaining("No sign-in arrived within 0.3 s");
        }
    }

    @Test
    void aClientThatNeverFinishesItsRequestDoesNotBlockTheRealCallback() throws Exception {
        try (CallbackServer server = start();
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = slow.getOutputStream();
            out.write("GET /auth/callback?code=x&st".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            CompletableFuture<RawHttp.Response> real = CompletableFuture.supplyAsync(() -> get(server.port(),
                    "/auth/callback?code=real&state=" + STATE));

            assertThat(server.awaitResponse(WAIT).code()).isEqualTo("real");
            server.finish(new CallbackServer.Page(200, "ok", "ok"));
            assertThat(real.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void closingLeavesNoThreadOrListenerBehindEvenWithASlowClientConnected() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int port;
        CallbackServer server = start();
        port = server.port();
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
            slow.getOutputStream().write("GET /auth/cal".getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.get(port, "/nothing").status()).isEqualTo(404);
            server.close();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Set<Thread> left;
            do {
                left = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !before.contains(t) && t.isAlive())
                        .filter(t -> t.getName().startsWith("codex-auth-callback") || t.getName().contains("HTTP-Dispatcher"))
                        .collect(Collectors.toSet());
            } while (!left.isEmpty() && System.nanoTime() < deadline && sleep());
            assertThat(left).isEmpty();
        }
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aTakenPortIsReportedAsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> CallbackServer.start(taken.getLocalPort(), STATE::equals))
                    .isInstanceOf(CallbackServer.PortInUseException.class);
        }
    }

    /**
     * Waits (a condition, not a time) until a thread of the server is parked inside {@code answer},
     * holding the browser's request open for the sign-in's outcome.
     */
    private static void awaitAnswerHeldOpen() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread.State state = e.getKey().getState();
                boolean parked = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
                if (parked && e.getKey().getName().startsWith("codex-auth-callback-") && Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().equals(CallbackServer.class.getName())
                                && f.getMethodName().equals("answer"))) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new AssertionError("no thread of the callback server ever held the browser's request open");
    }

    private static boolean sleep() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static RawHttp.Response get(int port, String path) {
        try {
            return RawHttp.get(port, path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
