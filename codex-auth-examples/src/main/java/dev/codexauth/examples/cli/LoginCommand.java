package dev.codexauth.examples.cli;

import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.config.Settings;
import dev.codexauth.http.auth.BrowserLauncher;
import dev.codexauth.http.auth.SignIn;
import dev.codexauth.http.auth.SignInPrompt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code login}: signs in with ChatGPT and saves the login in the configured store. The browser way by
 * default; {@code --manual} for a remote shell (paste the address the browser ends on); {@code --device}
 * for a machine with neither browser nor clipboard.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in with your ChatGPT account and save the login in the configured store.",
                "Opens the browser unless --no-browser; prints the URL either way."})
final class LoginCommand extends CliCommand {

    @Option(names = "--no-browser", description = "Do not open a browser; open the printed URL yourself (on this machine).")
    boolean noBrowser;

    @ArgGroup(exclusive = true)
    Way way;

    static final class Way {
        @Option(names = "--manual", description = "Open the URL on any machine, then paste here the address the browser ended on.")
        boolean manual;

        @Option(names = "--device", description = "Sign in with a code entered on another device (no browser or paste needed).")
        boolean device;
    }

    @Option(names = "--port", paramLabel = "N", description = "Callback port on localhost (default 1455, then 1457; 0 for any free port).")
    Integer port;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the browser or the device approval (default 300).")
    Long timeout;

    @Override
    public Integer call() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ErrorReport.UsageError("--port must be between 0 and 65535.");
        }
        if (timeout != null && timeout < 1) {
            throw new ErrorReport.UsageError("--timeout must be at least 1 second.");
        }
        Components c = components();
        Settings.Builder settings = c.settings().toBuilder();
        if (port != null) {
            settings.callbackPort(port);
        }
        if (timeout != null) {
            settings.loginTimeout(Duration.ofSeconds(timeout));
        }
        CliPrompt prompt = new CliPrompt(out(), err(), interactive());
        SignedInAccount who;
        try (SignIn signIn = SignIn.builder(settings.build()).transport(c.transport()).store(c.store())
                .browser(noBrowser ? BrowserLauncher.none() : BrowserLauncher.system()).build()) {
            if (way != null && way.device) {
                who = signIn.device(prompt);
            } else if (way != null && way.manual) {
                who = signIn.manual(prompt);
            } else {
                who = signIn.browser(prompt);
            }
        } finally {
            prompt.stopWaiting();
        }
        out().println("Signed in as " + who.describe() + ".");
        out().println("store: " + c.store().name() + " (" + c.store().location() + ")");
        return ExitCodes.OK;
    }

    /** Talks to the user during a sign-in: the URL and code on stdout, progress on stderr, pasted lines from stdin. */
    static final class CliPrompt implements SignInPrompt {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean interactive;
        private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        private AutoCloseable waiting;

        CliPrompt(PrintWriter out, PrintWriter err, boolean interactive) {
            this.out = out;
            this.err = err;
            this.interactive = interactive;
        }

        @Override
        public void showAuthorizeUrl(URI url, boolean browserOpened) {
            err.println(browserOpened ? "Your browser was opened to sign in. If it did not open, open this URL:"
                    : "Open this URL in a browser to sign in:");
            err.flush();
            out.println(url);
            out.flush();
        }

        @Override
        public void waitingForBrowser(URI redirectUri, Duration timeout) {
            startWaiting("Waiting for the browser to come back to " + redirectUri.getScheme() + "://"
                    + redirectUri.getAuthority() + " (up to " + Terminal.human(timeout) + ")");
        }

        @Override
        public void notice(String message) {
            err.println(message);
            err.flush();
        }

        @Override
        public void showDeviceCode(URI page, String userCode, Duration validFor) {
            err.println("On any device, open this page and enter the code (valid for " + Terminal.human(validFor) + "):");
            err.flush();
            out.println(page);
            out.println(userCode);
            out.flush();
            startWaiting("Waiting for you to approve the sign-in");
        }

        @Override
        public String readPasted(String instruction) {
            err.println(instruction);
            err.flush();
            try {
                return in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void startWaiting(String what) {
            stopWaiting();
            waiting = Terminal.waiting(what, err, interactive);
        }

        void stopWaiting() {
            if (waiting != null) {
                try {
                    waiting.close();
                } catch (Exception ignored) {
                    // only a spinner
                }
                waiting = null;
            }
        }
    }
}
