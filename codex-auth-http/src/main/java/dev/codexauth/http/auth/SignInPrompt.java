package dev.codexauth.http.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/**
 * How a {@link SignIn} talks to the user while it runs: it shows the URL to open (always, even when
 * a browser was opened), says what it is waiting for, shows a device code, and reads what the user
 * pastes. A CLI prints and reads a terminal; a GUI shows a dialog. Called on the thread that runs
 * the sign-in, except {@link #readPasted}, which runs on a thread of its own so that the login timeout
 * and {@link SignIn#cancel()} can end the wait; that thread is interrupted then. Nothing passed here is a secret meant for logs: the authorize URL carries the
 * sign-in's state and is for the user's eyes only.
 */
public interface SignInPrompt {

    /**
     * The URL that signs the user in.
     *
     * @param browserOpened whether a browser was started with it; show the URL either way
     */
    void showAuthorizeUrl(URI url, boolean browserOpened);

    /** The sign-in now waits for the browser to come back to {@code redirectUri}, for at most {@code timeout}. */
    default void waitingForBrowser(URI redirectUri, Duration timeout) {
    }

    /** Something the user should know, e.g. that the callback port was busy and what happens instead. */
    default void notice(String message) {
    }

    /** Device-code sign-in: the user opens {@code page} on any device and enters {@code userCode}. */
    void showDeviceCode(URI page, String userCode, Duration validFor);

    /**
     * Shows {@code instruction} and reads one line the user pasted.
     *
     * @return the line, or null when the input ended (the sign-in then stops)
     */
    String readPasted(String instruction);

    /** A prompt on a terminal: prints to {@code out}, reads lines from {@code in}. */
    static SignInPrompt console(PrintStream out, BufferedReader in) {
        return new SignInPrompt() {
            @Override
            public void showAuthorizeUrl(URI url, boolean browserOpened) {
                out.println(browserOpened
                        ? "Your browser was opened to sign in. If it did not open, open this URL:"
                        : "Open this URL in a browser to sign in:");
                out.println();
                out.println("  " + url);
                out.println();
            }

            @Override
            public void waitingForBrowser(URI redirectUri, Duration timeout) {
                out.println("Waiting for the browser to come back to " + redirectUri.getScheme() + "://"
                        + redirectUri.getAuthority() + " (up to " + minutes(timeout) + ")...");
            }

            @Override
            public void notice(String message) {
                out.println(message);
            }

            @Override
            public void showDeviceCode(URI page, String userCode, Duration validFor) {
                out.println("On any device, open " + page + " and enter this code (valid for "
                        + minutes(validFor) + "):");
                out.println();
                out.println("  " + userCode);
                out.println();
                out.println("Waiting for you to approve the sign-in...");
            }

            @Override
            public String readPasted(String instruction) {
                out.println(instruction);
                out.flush();
                try {
                    return in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not read the pasted input", e);
                }
            }

            private String minutes(Duration d) {
                return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
            }
        };
    }
}
