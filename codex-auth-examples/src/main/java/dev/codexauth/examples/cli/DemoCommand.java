package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.codexauth.codex.Conversation;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.http.auth.SignIn;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.token.Credentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code demo}: the whole journey, offline, against a sandbox in this process and a temporary data
 * directory: sign in (the consent approved automatically), status, a streamed answer, a token refresh,
 * a usage-limit error as a user sees it, and sign out. Every step runs the same code as the commands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Walk through the whole journey against a built-in sandbox: no account, no network, nothing kept.",
                "Sign in, status, a streamed answer, a token refresh, a usage-limit error, sign out."})
final class DemoCommand extends CliCommand {

    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        Path home = Files.createTempDirectory("codex-auth-demo-");
        try (Sandbox sandbox = Sandbox.builder().autoApprove(true).allowAnyLoopbackRedirectPort().start()) {
            Settings settings = sandbox.settings().home(home).store("file").callbackPort(0).build();
            Components c = new Components(settings, err());
            root().useComponents(c); // closed with the command
            out.println("codex-auth demo: a sandbox of OpenAI's sign-in, Codex backend and GitHub runs at " + sandbox.url());
            out.println("Data directory for this run: " + home + " (deleted at the end).");

            step(out, 1, "Sign in (the sandbox approves the consent page at once; a browser stand-in follows the redirect)");
            LoginCommand.CliPrompt prompt = new LoginCommand.CliPrompt(out, out, false);
            try (SignIn signIn = SignIn.builder(settings).transport(c.transport()).store(c.store())
                    .browser(DemoCommand::followRedirects).build()) {
                out.println("Signed in as " + signIn.browser(prompt).describe() + ".");
            } finally {
                prompt.stopWaiting();
            }

            step(out, 2, "codex-auth status");
            StatusCommand.show(c, out, false);

            step(out, 3, "codex-auth ask \"Say hello\" (the answer streams in as it arrives)");
            new AnswerPrinter(out, out, false).print(c.client(), newConversation().ask("Say hello"));

            step(out, 4, "A token refresh: the backend rejects the access token once; the client refreshes and retries");
            Credentials before = c.credentials().credentials();
            sandbox.faults().arm(Endpoint.RESPONSES, Fault.unauthorized(), 1);
            new AnswerPrinter(out, out, false).print(c.client(), newConversation().ask("Say hello again"));
            Credentials after = c.credentials().credentials();
            out.println("Refresh requests the issuer received: " + sandbox.journal().count(Endpoint.TOKEN_REFRESH)
                    + "; new access token: " + !after.accessToken().equals(before.accessToken())
                    + "; saved to " + c.store().location() + ".");

            step(out, 5, "The plan's usage limit, as a user sees it");
            sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 1);
            try {
                new AnswerPrinter(out, out, false).print(c.client(), newConversation().ask("One more?"));
                out.println("(unexpected: no usage-limit error)");
                return ExitCodes.FAILURE;
            } catch (CodexAuthException e) {
                out.println("$ codex-auth ask \"One more?\"");
                out.println("codex-auth: " + ErrorReport.message(e));
                out.println("(exit status " + ErrorReport.exitCode(e) + ")");
            }

            step(out, 6, "codex-auth logout (revokes at the issuer, then deletes the login)");
            LogoutCommand.report(c.credentials().logout(), c, out);
            StatusCommand.show(c, out, false);

            out.println();
            out.println("Done. Point the CLI at a sandbox of your own with `codex-auth sandbox`, or at OpenAI with no settings at all.");
            return ExitCodes.OK;
        } finally {
            DataFiles.deleteTree(home);
        }
    }

    private static Conversation newConversation() {
        return Conversation.start(JsonNodeFactory.instance.objectNode()); // the account's default model
    }

    private static void step(PrintWriter out, int n, String title) {
        out.println();
        out.println("== " + n + ". " + title);
        out.flush();
    }

    /** A browser stand-in: loads the authorize URL and follows its redirect to the loopback callback. */
    private static boolean followRedirects(URI url) {
        Thread browser = new Thread(() -> {
            try {
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                        .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "codex-auth-demo-browser");
        browser.setDaemon(true);
        browser.start();
        return true;
    }
}
