package dev.codexauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.StoreException;
import dev.codexauth.storage.file.FileTokenStore;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs sharing one file store spend a rotating refresh token exactly once. */
class RefreshAcrossProcessesTest {

    private static final int PROCESSES = 4;
    private static final int THREADS_EACH = 8;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create();

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void fourProcessesWithAnExpiredTokenSendOneRefreshAndAllGetAWorkingToken(Sandbox sandbox, @TempDir Path home)
            throws Exception {
        var settings = sandbox.settings().home(home).store("file").build();
        Credentials minted = sandbox.mintCredentials();
        Credentials expired = new Credentials(minted.accessToken(), minted.refreshToken(), minted.idToken(),
                Instant.now().minus(Duration.ofMinutes(1)), minted.accountId());
        try (FileTokenStore store = FileTokenStore.create(settings)) {
            store.save(settings.profile(), expired);
        }

        List<BufferedReader> outputs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Process p = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                    RefreshingProcess.class.getName(), sandbox.issuerUrl().toString(),
                    sandbox.backendUrl().toString(), home.toString(), String.valueOf(THREADS_EACH))
                    .redirectError(home.resolve("process-" + i + ".err").toFile())
                    .start();
            processes.add(p);
            outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader out : outputs) {
            assertThat(readLineWithin(out, Duration.ofSeconds(60))).isEqualTo("READY");
        }
        // Every process is up before any asks for a token: they all find it expired at once.
        for (Process p : processes) {
            Writer go = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            go.write("GO\n");
            go.flush();
        }

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Process p = processes.get(i);
            List<String> own = outputs.get(i).lines().toList();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("process %d ended", i).isTrue();
            assertThat(p.exitValue()).as("process %d: %s\n%s", i, own,
                    java.nio.file.Files.readString(home.resolve("process-" + i + ".err"))).isZero();
            lines.addAll(own);
        }

        assertThat(lines).filteredOn(l -> l.startsWith("STATUS")).hasSize(PROCESSES * THREADS_EACH)
                .containsOnly("STATUS 200");
        assertThat(String.join("\n", lines)).doesNotContain("refresh_token_reused").doesNotContain("FAILED");
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
        try (FileTokenStore store = FileTokenStore.create(settings)) {
            Credentials after = store.load(settings.profile()).orElseThrow();
            assertThat(after.refreshToken()).isNotEqualTo(minted.refreshToken());
            assertThat(after.expiresAt()).isAfter(Instant.now());
        }
    }

    @Test
    void aRefreshLockHeldByAnotherProcessFailsClearlyAfterTheTimeoutAndSendsNothing(Sandbox sandbox, @TempDir Path home)
            throws Exception {
        var settings = sandbox.settings().home(home).store("file").lockTimeout(Duration.ofMillis(300)).build();
        Credentials minted = sandbox.mintCredentials();
        try (FileTokenStore store = FileTokenStore.create(settings)) {
            store.save(settings.profile(), new Credentials(minted.accessToken(), minted.refreshToken(),
                    minted.idToken(), Instant.now().minus(Duration.ofMinutes(1)), minted.accountId()));
        }
        Process holder = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                LockHoldingProcess.class.getName(), home.toString())
                .redirectError(home.resolve("holder.err").toFile())
                .start();
        processes.add(holder);
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(readLineWithin(out, Duration.ofSeconds(60))).isEqualTo("LOCKED");

        try (FileTokenStore store = FileTokenStore.create(settings);
             var transport = dev.codexauth.http.HttpTransport.create(settings)) {
            RefreshingCredentials credentials = RefreshingCredentials.builder(settings, store,
                    dev.codexauth.http.auth.HttpIssuer.create(transport, settings)).build();

            assertThatThrownBy(credentials::credentials)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("lock");
        }
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isZero();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String readLineWithin(BufferedReader reader, Duration limit) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(limit.toSeconds(), TimeUnit.SECONDS);
    }
}
