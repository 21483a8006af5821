package dev.codexauth.examples;

import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.codex.CodexClient;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.auth.SignIn;
import dev.codexauth.http.auth.SignInPrompt;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * Signs in with ChatGPT when there is no login yet, then asks one question.
 * Run: {@code java -cp codex-auth.jar dev.codexauth.examples.SignInAndAsk "Say hello"}
 */
public final class SignInAndAsk {

    public static void main(String[] args) {
        Settings settings = Settings.defaults(); // endpoints, store, timeouts: CODEX_AUTH_* or defaults
        try (HttpTransport transport = HttpTransport.create(settings); TokenStore store = TokenStores.open(settings)) {
            if (store.load(settings.profile()).isEmpty()) {
                // Opens the browser and waits on localhost:1455 for the redirect; prints the URL as well.
                try (SignIn signIn = SignIn.builder(settings).transport(transport).store(store).build()) {
                    SignInPrompt console = SignInPrompt.console(System.out, new BufferedReader(new InputStreamReader(System.in)));
                    SignedInAccount who = signIn.browser(console); // or .manual(console) / .device(console)
                    System.out.println("Signed in as " + who.describe());
                }
            }
            // Every request asks this for a token; it refreshes ahead of expiry, once, across processes.
            RefreshingCredentials credentials = RefreshingCredentials
                    .builder(settings, store, HttpIssuer.create(transport, settings)).build();
            try (CodexClient client = HttpCodexClient.builder(settings).transport(transport).credentials(credentials)
                    .instructions(InstructionSources.standard(settings, transport, credentials)).build()) {
                // "" picks the account's default model; the client adds the instructions the backend requires.
                CodexResponse answer = client.respond(ResponsesRequest.ofText("", String.join(" ", args)));
                System.out.println(answer.outputText());
            } catch (SignInRequiredException e) {
                System.err.println(e.getMessage()); // e.g. the login was revoked: sign in again
            }
        }
    }

    private SignInAndAsk() {
    }
}
