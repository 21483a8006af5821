package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxLifecycleTest {

    @Test
    void startsAndStopsWellUnderASecondLeavingNoThreadBehind() throws Exception {
        Sandbox.builder().start().close(); // the signing key is made once per JVM: keep it out of the measure
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long started = System.nanoTime();
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Backend backend = new Backend(sandbox);
            assertThat(backend.respond(backend.classic("hi")).statusCode()).isEqualTo(200);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
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
}
