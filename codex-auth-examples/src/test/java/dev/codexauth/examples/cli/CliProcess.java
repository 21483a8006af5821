package dev.codexauth.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built {@code codex-auth.jar} run as a separate process, the way a user runs it: its own JVM,
 * environment, stdin, stdout and stderr. The environment holds only what the test gives (plus PATH and
 * HOME), so settings of the machine running the tests cannot leak in.
 */
final class CliProcess {

    static final Path JAR = Path.of("target", "codex-auth.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private CliProcess() {
    }

    /** What a finished run left behind. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** Starts {@code codex-auth args...} with this environment; the caller talks to it and waits. */
    static Process start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return start(env, command);
    }

    /**
     * Runs {@code codex-auth args...} on a pseudo-terminal (util-linux {@code script}), as a person at a
     * terminal would: stdin and stdout are a TTY, so the CLI draws bars and spinners.
     */
    static Result runOnTerminal(Map<String, String> env, String... args) {
        StringBuilder line = new StringBuilder(quote(JAVA) + " -XX:TieredStopAtLevel=1 -jar " + quote(JAR.toString()));
        for (String a : args) {
            line.append(' ').append(quote(a));
        }
        return finish(start(env, List.of("script", "-qec", line.toString(), "/dev/null")), "");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Process start(Map<String, String> env, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> environment = pb.environment();
        Map<String, String> keep = new HashMap<>();
        for (String name : List.of("PATH", "HOME", "LANG", "DBUS_SESSION_BUS_ADDRESS")) {
            if (System.getenv(name) != null) {
                keep.put(name, System.getenv(name));
            }
        }
        environment.clear();
        environment.putAll(keep);
        environment.putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code codex-auth args...} to the end with this stdin; fails the test if it takes over a minute. */
    static Result runWithInput(Map<String, String> env, String stdin, String... args) {
        Process p = start(env, args);
        return finish(p, stdin);
    }

    /** Runs with an empty stdin. */
    static Result run(Map<String, String> env, String... args) {
        return runWithInput(env, "", args);
    }

    /** Feeds stdin, closes it, and collects the outputs and exit code. */
    static Result finish(Process p, String stdin) {
        try {
            Drain out = new Drain(p.getInputStream());
            Drain err = new Drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process may have ended without reading its input
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("codex-auth did not finish within 60 s; stderr so far:\n" + err.text());
            }
            out.join();
            err.join();
            return new Result(p.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A fresh data directory for one test, outside the user's home. */
    static Path tempHome() {
        try {
            return Files.createTempDirectory("codex-auth-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a stream to the end on its own thread, so a full pipe never blocks the process. */
    static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try {
                in.transferTo(bytes);
            } catch (IOException ignored) {
                // the process ended
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
