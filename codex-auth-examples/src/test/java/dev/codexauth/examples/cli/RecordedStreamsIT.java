package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ask --json} over every real stream recorded in {@code shared/fixtures}: each {@code .expect}
 * file gives the exit status and a text the output must contain. A sandbox process signs the user in;
 * a loopback server plays the recording as the backend's answer.
 */
class RecordedStreamsIT {

    static SandboxProcess sandbox;

    @TempDir
    Path home;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxProcess.start("--auto-approve");
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static Stream<Path> recordings() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("shared").resolve("fixtures"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath());
        }
        try (Stream<Path> files = Files.list(dir.resolve("shared").resolve("fixtures"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sse")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void askJsonGivesWhatTheRecordingsExpectFileSays(Path recording) throws Exception {
        Map<String, String> env = new HashMap<>(sandbox.settings());
        env.put("CODEX_AUTH_HOME", home.toString());
        signIn(env);

        byte[] stream = Files.readAllBytes(recording);
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/backend-api/codex/responses", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(stream);
            }
        });
        backend.start();
        try {
            Path catalog = Files.writeString(home.resolve("catalog.json"), "{\"models\":[{\"slug\":\"gpt-5.5\","
                    + "\"display_name\":\"GPT-5.5\",\"priority\":1,\"visibility\":\"list\",\"default_reasoning_level\":\"medium\","
                    + "\"supported_reasoning_levels\":[{\"effort\":\"medium\"}],\"base_instructions\":\"You are Codex.\"}]}");
            env.put("CODEX_AUTH_BASE_URL", "http://127.0.0.1:" + backend.getAddress().getPort() + "/backend-api");
            env.put("CODEX_AUTH_CATALOG_FILE", catalog.toString());
            CliProcess.Result r = CliProcess.run(env, "ask", "--json", "--model", "gpt-5.5", "hi");

            List<String> expect = Files.readAllLines(recording.resolveSibling(recording.getFileName() + ".expect"));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(Integer.parseInt(expect.get(0).strip()));
            if (expect.size() > 1 && !expect.get(1).isBlank()) {
                assertThat(r.stdout()).contains(expect.get(1));
            }
        } finally {
            backend.stop(0);
        }
    }

    /** {@code login --manual}, pasting where the auto-approving consent page redirects. */
    private static void signIn(Map<String, String> env) throws Exception {
        Process login = CliProcess.start(env, "login", "--manual", "--timeout", "60");
        BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
        String url = out.readLine();
        while (url != null && !url.startsWith("http")) {
            url = out.readLine();
        }
        assertThat(url).as("the authorize URL").isNotNull();
        HttpResponse<Void> consent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.strip())).build(),
                HttpResponse.BodyHandlers.discarding());
        CliProcess.Result r = CliProcess.finish(login, consent.headers().firstValue("Location").orElseThrow() + "\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
