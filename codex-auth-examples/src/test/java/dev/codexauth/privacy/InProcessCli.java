package dev.codexauth.privacy;

import dev.codexauth.examples.cli.CodexAuthCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the {@code codex-auth} command line in this JVM through its picocli entry point, configured the
 * way a user configures it ({@code CODEX_AUTH_*} settings, here as their system properties), and
 * captures everything it prints.
 */
final class InProcessCli {

    record Run(int exit, String output) {
    }

    private InProcessCli() {
    }

    static synchronized Run run(Map<String, String> settings, String... args) {
        List<String> keys = settings.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT).replace('_', '.')).toList();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            settings.forEach((k, v) -> System.setProperty(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = CodexAuthCli.run(args);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            keys.forEach(System::clearProperty);
        }
    }
}
