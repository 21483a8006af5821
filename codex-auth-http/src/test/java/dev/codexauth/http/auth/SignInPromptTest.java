package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInPromptTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theConsoleAlwaysPrintsTheUrlWhetherOrNotABrowserOpened() {
        URI url = URI.create("https://auth.example/oauth/authorize?a=1&b=2");
        SignInPrompt console = SignInPrompt.console(out, new BufferedReader(new StringReader("")));

        console.showAuthorizeUrl(url, true);
        console.showAuthorizeUrl(url, false);

        assertThat(printed()).contains("Your browser was opened", "Open this URL in a browser");
        assertThat(printed().split(java.util.regex.Pattern.quote(url.toString()), -1)).hasSize(3);
    }

    @Test
    void theConsoleShowsTheDeviceCodeAndWhereToEnterIt() {
        SignInPrompt console = SignInPrompt.console(out, new BufferedReader(new StringReader("")));

        console.showDeviceCode(URI.create("https://auth.example/codex/device"), "ABCD-EFGH", Duration.ofMinutes(15));
        console.waitingForBrowser(URI.create("http://localhost:1455/auth/callback"), Duration.ofMinutes(5));

        assertThat(printed()).contains("https://auth.example/codex/device", "ABCD-EFGH", "15 min",
                "http://localhost:1455 (up to 5 min)");
    }

    @Test
    void theConsoleReadsOnePastedLineAndNullAtTheEndOfInput() {
        SignInPrompt console = SignInPrompt.console(out, new BufferedReader(new StringReader("code=a&state=b\n")));

        assertThat(console.readPasted("Paste it:")).isEqualTo("code=a&state=b");
        assertThat(console.readPasted("Again:")).isNull();
        assertThat(printed()).contains("Paste it:", "Again:");
    }
}
