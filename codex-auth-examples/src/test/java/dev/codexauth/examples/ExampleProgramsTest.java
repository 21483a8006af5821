package dev.codexauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.config.Settings;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example programs run as a user runs them ({@code Settings.defaults()}, a saved login), pointed
 * at a sandbox through the {@code codex.auth.*} system properties: examples that cannot rot.
 */
class ExampleProgramsTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().answer("Hello from the examples."));

    @TempDir
    Path home;

    @Test
    void signInAndAskAnswersWithTheSavedLogin(Sandbox sandbox) {
        String out = run(sandbox, true, () -> SignInAndAsk.main(new String[] {"Say", "hello"}));
        assertThat(out).isEqualTo("Hello from the examples." + System.lineSeparator());
        assertThat(sandbox.journal().count(Endpoint.AUTHORIZE)).isZero(); // already signed in: no sign-in
    }

    @Test
    void streamEventsPrintsTheAnswerAsItArrives(Sandbox sandbox) {
        String out = run(sandbox, true, () -> StreamEvents.main(new String[] {"hi"}));
        assertThat(out).startsWith("Hello from the examples.");
        assertThat(sandbox.journal().count(Endpoint.RESPONSES)).isEqualTo(1);
    }

    @Test
    void customTokenStoreHandsItsStoreToTheLibrary(Sandbox sandbox) {
        String out = run(sandbox, false, () -> CustomTokenStore.main(new String[0]));
        assertThat(out).contains("logins are kept in the company vault").contains("profile default");
    }

    /** Runs an example with the sandbox's settings as system properties (and a login saved, if asked), returning its stdout. */
    private String run(Sandbox sandbox, boolean signedIn, Runnable example) {
        Properties saved = (Properties) System.getProperties().clone();
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> e : sandbox.environment().entrySet()) {
                System.setProperty(e.getKey().toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
            }
            System.setProperty("codex.auth.home", home.toString());
            System.setProperty("codex.auth.store", "file");
            if (signedIn) {
                try (TokenStore store = TokenStores.open(Settings.defaults())) {
                    store.save("default", sandbox.mintCredentials()); // as if `codex-auth login` had run
                }
            }
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            example.run();
        } finally {
            System.setOut(stdout);
            System.setProperties(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
