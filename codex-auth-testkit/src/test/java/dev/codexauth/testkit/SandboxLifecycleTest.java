package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxLifecycleTest {

    @Test
    void startsServesAndOnCloseReleasesItsPort() throws Exception {
        int port;
        try (Sandbox sandbox = Sandbox.builder().start()) {
            port = sandbox.port();
            assertThat(Http.get(java.net.URI.create(sandbox.issuerUrl() + "/.well-known/jwks.json")).statusCode())
                    .isEqualTo(200);
        }

        // Start-up time is measured by the benchmarks, not asserted here: a loaded CI machine is no stopwatch.
        try (var again = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void leavesNoThreadBehindAfterServingStreams() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        try (Sandbox sandbox = Sandbox.builder().eventDelay(Duration.ofMillis(1)).start()) {
            Backend backend = new Backend(sandbox);
            var request = backend.classic("hi");
            var replies = java.util.stream.IntStream.range(0, 8).parallel()
                    .mapToObj(i -> backend.respond(request).statusCode()).toList();
            assertThat(replies).containsOnly(200);
        }

        assertThat(leftover(before)).isEmpty();
    }

    /** Threads that appeared and are still alive; the JDK server's timer thread ends just after stop(). */
    static Set<String> leftover(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        Set<String> extra;
        do {
            extra = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .filter(t -> !t.getName().startsWith("HttpClient-")) // the tests' shared client
                    .filter(t -> !t.getName().startsWith("ForkJoinPool"))
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (extra.isEmpty()) {
                return extra;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return extra;
    }

    @Test
    void listensOnLoopbackAndNamesItsUrls() {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            assertThat(sandbox.url().getHost()).isEqualTo("127.0.0.1");
            assertThat(sandbox.backendUrl().toString()).isEqualTo(sandbox.url() + "/backend-api");
            assertThat(sandbox.environment()).containsExactly(
                    java.util.Map.entry("CODEX_AUTH_ISSUER", sandbox.url().toString()),
                    java.util.Map.entry("CODEX_AUTH_BASE_URL", sandbox.url() + "/backend-api"),
                    java.util.Map.entry("CODEX_AUTH_GITHUB_API_URL", sandbox.url() + "/github-api"),
                    java.util.Map.entry("CODEX_AUTH_GITHUB_RAW_URL", sandbox.url() + "/github-raw"),
                    java.util.Map.entry("CODEX_AUTH_GITHUB_WEB_URL", sandbox.url() + "/github"));
            var settings = sandbox.settings().build();
            assertThat(settings.issuer()).isEqualTo(sandbox.issuerUrl());
            assertThat(settings.githubWebUrl()).isEqualTo(sandbox.githubWebUrl());
        }
    }

    @Test
    void awaitCloseReturnsOnceTheSandboxIsClosed() throws Exception {
        Sandbox sandbox = Sandbox.builder().start();
        var waiting = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                sandbox.awaitClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(waiting).isNotDone();

        sandbox.close();

        waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sandbox.isClosed()).isTrue();
    }

    @Test
    void aBusyPortFailsWithAClearMessage() {
        try (Sandbox first = Sandbox.builder().start()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sandbox.builder().port(first.port()).start())
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    @Test
    void theAnswerCanChangeWhileRunningAndResetRestoresIt() {
        try (Sandbox sandbox = Sandbox.builder().answer("First.").start()) {
            Backend backend = new Backend(sandbox);
            sandbox.setAnswer("Second.");
            assertThat(backend.respond(backend.classic("hi")).body()).contains("Second.").doesNotContain("First.");
            sandbox.reset();
            assertThat(backend.respond(backend.classic("hi")).body()).contains("First.");
        }
    }
}
