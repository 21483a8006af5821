package dev.codexauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.codex.CodexClient;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.error.UsageLimitException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.testkit.*;
import dev.codexauth.token.InMemoryTokenStore;
import dev.codexauth.token.RefreshingCredentials;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Test your own Codex code without a ChatGPT account: one sandbox per class, reset before each test. */
class SandboxInYourOwnTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().answer("Hi from the test."));
    @TempDir
    Path home; // caches go here, not into your real ~/.opencode

    /** Your code under test, wired to the Settings it is given (here, the sandbox's URLs). */
    static String askCodex(Settings settings, InMemoryTokenStore store, String question) {
        try (HttpTransport transport = HttpTransport.create(settings)) {
            RefreshingCredentials credentials = RefreshingCredentials.builder(settings, store, HttpIssuer.create(transport, settings)).build();
            try (CodexClient client = HttpCodexClient.builder(settings).transport(transport).credentials(credentials)
                    .instructions(InstructionSources.standard(settings, transport, credentials)).build()) {
                return client.respond(ResponsesRequest.ofText("", question)).outputText();
            }
        }
    }

    @Test
    void myCodeGetsTheAnswer(Sandbox sandbox) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        store.save("default", sandbox.mintCredentials()); // as if the user had signed in
        assertThat(askCodex(sandbox.settings().home(home).build(), store, "Hello?")).isEqualTo("Hi from the test.");
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(1); // what reached the "backend"
    }

    @Test
    void myCodeSeesAUsageLimitAsATypedError(Sandbox sandbox) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        store.save("default", sandbox.mintCredentials());
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 1); // the next request hits the limit
        assertThatThrownBy(() -> askCodex(sandbox.settings().home(home).build(), store, "Hello?"))
                .isInstanceOf(UsageLimitException.class).hasMessageContaining("usage limit");
    }
}
