package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.codex.CodexClient;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.Conversation;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.InMemoryTokenStore;
import dev.codexauth.token.RefreshingCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AnswerPrinterTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(
            Sandbox.builder().answer("Hello from the Codex sandbox.").deltaSize(6));

    @TempDir
    Path home;

    @Test
    void theFirstPieceOfTheAnswerIsPrintedWhileTheServerStillHoldsTheRest(Sandbox sandbox) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.holdAfterFirstDelta(release), 1);
        FlushSignal out = new FlushSignal();
        StringWriter err = new StringWriter();
        Settings settings = sandbox.settings().home(home).build();
        InMemoryTokenStore store = new InMemoryTokenStore();
        store.save(settings.profile(), sandbox.mintCredentials());
        try (HttpTransport transport = HttpTransport.create(settings)) {
            RefreshingCredentials credentials = RefreshingCredentials.builder(settings, store, HttpIssuer.create(transport, settings)).build();
            try (CodexClient client = HttpCodexClient.builder(settings).transport(transport).credentials(credentials)
                    .instructions(InstructionSources.standard(settings, transport, credentials)).build()) {
                AnswerPrinter printer = new AnswerPrinter(new PrintWriter(out), new PrintWriter(err), true);
                CompletableFuture<CodexResponse> answer = CompletableFuture.supplyAsync(() -> printer.print(client,
                        Conversation.start("gpt-5.5").ask("Say hello")));
                assertThat(out.firstFlush.await(20, TimeUnit.SECONDS)).as("something printed").isTrue();
                assertThat(out.toString()).isEqualTo("Hello ");
                assertThat(answer).isNotDone();
                release.countDown();
                CodexResponse response = answer.get(20, TimeUnit.SECONDS);
                assertThat(out.toString()).isEqualTo("Hello from the Codex sandbox." + System.lineSeparator());
                assertThat(response.outputText()).isEqualTo("Hello from the Codex sandbox.");
            }
        }
    }

    /** Text written so far, and a signal when it is first flushed to the user. */
    static final class FlushSignal extends StringWriter {
        final CountDownLatch firstFlush = new CountDownLatch(1);

        @Override
        public void flush() {
            if (getBuffer().length() > 0) {
                firstFlush.countDown();
            }
        }
    }

    @Test
    void aMessageThatCameOnlyAsAFinishedItemIsPrintedToo() {
        var item = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "message");
        item.putArray("content").addObject().put("type", "output_text").put("text", "fixture hello");
        assertThat(AnswerPrinter.messageText(item)).isEqualTo("fixture hello");
        assertThat(AnswerPrinter.messageText(item.deepCopy().put("type", "reasoning"))).isEmpty();
    }
}
