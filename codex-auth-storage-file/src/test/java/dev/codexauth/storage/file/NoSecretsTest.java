package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.codexauth.token.StoreLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No token reaches a log line (debug included), an exception message or cause, or a toString. */
@SuppressWarnings("try") // a held lock is a resource only to be closed
class NoSecretsTest {

    @TempDir
    Path home;

    @Test
    void logsExceptionsAndDescriptionsNeverContainAToken() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<Throwable> failures = new ArrayList<>();
        Path dir = home.resolve("auth");
        FileTokenStore store = FileTokenStore.builder().directory(dir).lockTimeout(Duration.ofMillis(50)).build();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            store.save("default", Tokens.credentials("a"));
            Files.setPosixFilePermissions(dir.resolve("openai.json"), PosixFilePermissions.fromString("rw-r--r--"));
            store.load("default");
            Files.writeString(dir.resolve("openai.json.tmp-leftover"), "{\"access\":\"s3cr3t-half");
            Files.writeString(dir.resolve("openai.json"), "{\"access\":\"s3cr3t-torn");
            store.save("default", Tokens.credentials("b"));                     // moves the torn one aside, warns
            Files.writeString(dir.resolve("openai.json"), "{\"access\":\"s3cr3t-torn-again\", \"refresh\": [");
            failures.add(catchThrowable(() -> store.load("default")));
            try (StoreLock held = store.lock("default", Duration.ofSeconds(1))) {
                failures.add(CompletableFuture.supplyAsync(() -> catchThrowable(
                        () -> store.save("default", Tokens.credentials("c")))).get());
            }
            Path codex = Files.writeString(home.resolve("codex.json"), "{\"tokens\":{\"access_token\":\"s3cr3t.s3cr3t.s3cr3t\","
                    + "\"refresh_token\":\"s3cr3t-r\"}}");
            failures.add(catchThrowable(() -> LoginImport.fromCodexCli(codex)));
            Path opencode = Files.writeString(home.resolve("opencode.json"), "{\"openai\":{\"type\":\"oauth\",\"access\":\""
                    + Tokens.accessToken(1, "x") + "\",\"refresh\":{\"s3cr3t\":1}}}");
            failures.add(catchThrowable(() -> LoginImport.fromOpenCode(opencode)));
        } finally {
            System.setErr(original);
        }

        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("tightened").contains("moved it to").contains("interrupted write")
                .doesNotContain(Tokens.SECRET_MARK);
        assertThat(failures).hasSize(4).doesNotContainNull();
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).doesNotContain(Tokens.SECRET_MARK);
                assertThat(t.toString()).doesNotContain(Tokens.SECRET_MARK);
            }
        }
        assertThat(store.toString()).doesNotContain(Tokens.SECRET_MARK);
        store.save("default", Tokens.credentials("d"));
        assertThat(store.load("default").orElseThrow().toString()).doesNotContain(Tokens.SECRET_MARK);
    }
}
