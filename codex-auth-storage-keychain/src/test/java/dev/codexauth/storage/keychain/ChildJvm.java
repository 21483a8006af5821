package dev.codexauth.storage.keychain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Starts {@link KeychainChild} in a new JVM, optionally inside a fresh D-Bus session with its own gnome-keyring. */
final class ChildJvm {

    /** How a finished child went. {@code exitedByItself} is false when it had to be killed. */
    record Result(boolean exitedByItself, int exitCode, String out, String err) {
        String line(String prefix) {
            return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
        }
    }

    private ChildJvm() {
    }

    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                KeychainChild.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the child directly, with {@code environment} edited first. */
    static Result run(Consumer<Map<String, String>> environment, String... args) throws Exception {
        return start(javaCommand(args), environment, null);
    }

    /**
     * Runs the child inside {@code dbus-run-session}, after {@code setup} (a shell snippet: start a
     * gnome-keyring, lock it...), with HOME at {@code home} so the session's keyring files stay there.
     */
    static Result runInOwnSession(Path home, String setup, String... args) throws Exception {
        return runInOwnSessionWithTeardown(home, setup, "true", args);
    }

    /** As above, with {@code teardown} (a shell snippet) run after the child ends. */
    static Result runInOwnSessionWithTeardown(Path home, String setup, String teardown, String... args) throws Exception {
        StringBuilder java = new StringBuilder();
        for (String part : javaCommand(args)) {
            java.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        List<String> cmd = List.of("dbus-run-session", "--", "sh", "-c",
                setup + "\n" + java + "\nrc=$?\n" + teardown + "\nexit $rc");
        return start(cmd, env -> {
            env.remove("DBUS_SESSION_BUS_ADDRESS");
            env.put("HOME", home.toString());
            env.put("XDG_DATA_HOME", home.resolve("data").toString());
            env.put("XDG_RUNTIME_DIR", home.toString());
        }, home);
    }

    private static Result start(List<String> cmd, Consumer<Map<String, String>> environment, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment.accept(pb.environment());
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        Thread o = drain(out, stdout);
        Thread e = drain(err, stderr);
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        o.join(5_000);
        e.join(5_000);
        return new Result(exited, exited ? p.exitValue() : -1, stdout.toString(), stderr.toString());
    }

    private static Thread drain(java.io.InputStream in, StringBuilder into) {
        Thread t = new Thread(() -> {
            try {
                String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (into) {
                    into.append(s);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
