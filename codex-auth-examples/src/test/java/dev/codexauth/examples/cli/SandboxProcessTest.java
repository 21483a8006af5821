package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test harness's start-up of a sandbox process: it reads the settings and never waits for ever. */
class SandboxProcessTest {

    @Test
    void readsTheSettingsLinesAProcessPrints() throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "echo starting; for i in 1 2 3 4 5; do echo CODEX_AUTH_S$i=v$i; done; "
                + "echo more; sleep 30").start();
        try {
            Map<String, String> settings = SandboxProcess.readSettings(p, Duration.ofSeconds(60));
            assertThat(settings).hasSize(5).containsEntry("CODEX_AUTH_S1", "v1").containsEntry("CODEX_AUTH_S5", "v5");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aProcessThatPrintsTooFewLinesAndHangsFailsAfterTheTimeout() throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "echo CODEX_AUTH_ONLY=1; sleep 600").start();
        try {
            assertThatThrownBy(() -> SandboxProcess.readSettings(p, Duration.ofSeconds(1)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("printed 1 of its 5 settings lines within 1 s");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aProcessThatEndsEarlyFailsAtOnceSayingSo() throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "echo CODEX_AUTH_ONLY=1").start();
        assertThatThrownBy(() -> SandboxProcess.readSettings(p, Duration.ofSeconds(600)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ended after printing 1");
    }
}
