package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code codex-auth sandbox} running as its own process, the way a user starts it: the test reads the
 * {@code NAME=value} lines it prints and passes them to the CLI processes as their environment, and
 * drives it over its HTTP control endpoints ({@code /__sandbox/...}).
 */
final class SandboxProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final CliProcess.Drain stderr;
    private final HttpClient http = HttpClient.newHttpClient();

    private SandboxProcess(Process process) {
        this.process = process;
        this.stderr = new CliProcess.Drain(process.getErrorStream());
    }

    /** Starts {@code codex-auth sandbox args...} and waits for its settings lines. */
    static SandboxProcess start(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "sandbox";
        System.arraycopy(args, 0, command, 1, args.length);
        SandboxProcess sandbox = new SandboxProcess(CliProcess.start(Map.of(), command));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (sandbox.settings.size() < 5 && (line = out.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    sandbox.settings.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            new CliProcess.Drain(sandbox.process.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sandbox.settings.size() < 5) {
            sandbox.close();
            throw new AssertionError("the sandbox printed no settings; stderr:\n" + sandbox.stderr.text());
        }
        return sandbox;
    }

    /** The {@code CODEX_AUTH_*} lines it printed. */
    Map<String, String> settings() {
        return settings;
    }

    /** Whether the process is still serving. */
    boolean isAlive() {
        return process.isAlive();
    }

    URI base() {
        return URI.create(settings.get("CODEX_AUTH_ISSUER").replaceAll("/+$", ""));
    }

    /** Arms a fault for the next {@code times} calls of an endpoint. */
    void arm(String endpoint, String fault, int times) {
        post("/__sandbox/faults", "{\"endpoint\":\"" + endpoint + "\",\"fault\":\"" + fault + "\",\"times\":" + times + "}");
    }

    /** Revokes every token it issued: the backend answers 401 and refreshes fail. */
    void revokeAll() {
        post("/__sandbox/revoke-all", "{}");
    }

    /** Lets streams held by {@code hold_after_first_delta} go on. */
    void release() {
        post("/__sandbox/release", "{}");
    }

    /** Clears the journal, faults and revocations. */
    void reset() {
        post("/__sandbox/reset", "{}");
    }

    /** The journal: {@code {"counts":{...},"requests":[...]}}. */
    JsonNode journal() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base().resolve("/__sandbox/journal")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Requests received at an endpoint since the last reset. */
    int count(String endpoint) {
        return journal().path("counts").path(endpoint).asInt(0);
    }

    private void post(String path, String json) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base().resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError("sandbox control " + path + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
