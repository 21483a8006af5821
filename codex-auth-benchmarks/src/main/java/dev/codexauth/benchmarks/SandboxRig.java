package dev.codexauth.benchmarks;

import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.token.InMemoryTokenStore;
import dev.codexauth.token.RefreshingCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A running sandbox with settings that point at it (and at a throw-away home directory, so nothing
 * of the user's is read or written), and the one shared HTTP transport.
 */
final class SandboxRig implements AutoCloseable {

    final Sandbox sandbox;
    final Path home;
    final Settings settings;
    final HttpTransport transport;

    SandboxRig() {
        this(Sandbox.builder());
    }

    SandboxRig(Sandbox.Builder builder) {
        sandbox = builder.start();
        try {
            home = Files.createTempDirectory("codex-auth-bench");
        } catch (IOException e) {
            sandbox.close();
            throw new UncheckedIOException(e);
        }
        settings = sandbox.settings().home(home).build();
        transport = HttpTransport.create(settings);
    }

    /** A refreshing provider over an in-memory store, refreshing at the sandbox's issuer; not signed in yet. */
    RefreshingCredentials credentialsProvider() {
        return RefreshingCredentials.builder(settings, new InMemoryTokenStore(), HttpIssuer.create(transport, settings)).build();
    }

    @Override
    public void close() {
        transport.close();
        sandbox.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
