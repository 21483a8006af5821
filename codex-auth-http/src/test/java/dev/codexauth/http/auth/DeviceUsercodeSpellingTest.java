package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.token.InMemoryTokenStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A device sign-in against an issuer that names the code {@code usercode} (SPEC §2: "user_code (or
 * usercode)"): the code is still shown, polled for as {@code user_code}, and the sign-in completes.
 */
class DeviceUsercodeSpellingTest {

    @Test
    void aDeviceSignInCompletesWhenTheIssuerSpellsTheCodeUsercode() {
        try (Sandbox sandbox = Sandbox.builder().deviceUsercodeSpelling(true).deviceInterval(Duration.ZERO).start();
                HttpTransport transport = HttpTransport.create(sandbox.settings().build())) {
            InMemoryTokenStore store = new InMemoryTokenStore();
            // approve as the user would, once the code is on the screen
            RecordingPrompt prompt = RecordingPrompt.onDeviceCode((page, code) -> sandbox.approveDeviceCode(code));
            try (SignIn signIn = SignIn.builder(sandbox.settings().loginTimeout(Duration.ofSeconds(30)).build())
                    .transport(transport).store(store).browser(BrowserLauncher.none()).build()) {

                SignedInAccount account = signIn.device(prompt);

                assertThat(account.email()).isEqualTo(sandbox.account().email());
                assertThat(prompt.userCode.getNow(null)).matches("[A-Z0-9]{4}-[A-Z0-9]{4}");
                assertThat(store.load("default")).isPresent();
                assertThat(sandbox.journal().last(Endpoint.DEVICE_TOKEN).body()).contains("\"user_code\"");
            }
        }
    }
}
