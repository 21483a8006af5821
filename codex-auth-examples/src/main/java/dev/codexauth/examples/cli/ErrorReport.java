package dev.codexauth.examples.cli;

import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.LoginException;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.error.UsageLimitException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Turns a failure into what a person at a terminal needs: one or two plain sentences on stderr that
 * say what to do next, and the exit status a script can branch on. The library's own messages are
 * written for users and carry no secret, so they are shown as they are; anything else is a bug, shown
 * only by its type unless {@code --debug} asks for the details.
 */
final class ErrorReport {

    private ErrorReport() {
    }

    /** Writes the report for {@code failure} to {@code err} and returns the exit status. */
    static int report(Throwable failure, boolean debug, PrintWriter err) {
        Throwable t = unwrap(failure);
        int exit = exitCode(t);
        err.println("codex-auth: " + message(t));
        if (debug) {
            details(t, err);
        } else if (!(t instanceof CodexAuthException)) {
            err.println("Run the command again with --debug to see the details.");
        }
        err.flush();
        return exit;
    }

    /** The exit status for a failure (see {@link ExitCodes}). */
    static int exitCode(Throwable failure) {
        Throwable t = unwrap(failure);
        // any failure whose remedy is signing in again (a damaged login file, a revoked login), not only
        // SignInRequiredException: scripts branch on 3 to run `codex-auth login`. A failed sign-in itself
        // (LoginException) stays 1: it is what `login` reports, and 3 would send a script round in a loop.
        if (t instanceof SignInRequiredException || (t instanceof CodexAuthException e && !(t instanceof LoginException)
                && e.recovery() == dev.codexauth.error.Recovery.SIGN_IN)) {
            return ExitCodes.SIGN_IN_REQUIRED;
        }
        if (t instanceof UsageLimitException) {
            return ExitCodes.USAGE_LIMIT;
        }
        if (t instanceof UsageError) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    /** The sentences shown for a failure, without the {@code codex-auth:} prefix. */
    static String message(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof SignInRequiredException e) {
            return e.getMessage() + System.lineSeparator() + "Run `codex-auth login` to sign in (or `codex-auth import`).";
        }
        if (t instanceof TransientException e && e.retryAfter().isPresent()) {
            return e.getMessage() + " (The server asked to wait " + e.retryAfter().get().toSeconds() + " s.)";
        }
        if (t instanceof ConfigurationException e) {
            return e.getMessage() + System.lineSeparator() + "Check the CODEX_AUTH_* environment variables.";
        }
        if (t instanceof CodexAuthException || t instanceof UsageError) {
            return t.getMessage();
        }
        if (t instanceof UncheckedIOException || t instanceof IOException) {
            Throwable io = t instanceof UncheckedIOException u ? u.getCause() : t;
            return "A file could not be read or written (" + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : ": " + io.getMessage()) + "). Check its permissions and free space.";
        }
        return "Something went wrong inside codex-auth (" + t.getClass().getSimpleName() + "). This is a bug; please report it.";
    }

    private static void details(Throwable t, PrintWriter err) {
        err.println("details: " + t.getClass().getName());
        if (t instanceof CodexAuthException e) {
            err.println("  recovery: " + e.recovery());
        }
        if (t instanceof RequestRejectedException e) {
            err.println("  status: " + e.status());
            e.code().ifPresent(c -> err.println("  code: " + c));
            e.requestId().ifPresent(id -> err.println("  request id: " + id));
        }
        if (t instanceof UsageLimitException e) {
            err.println("  type: " + e.type());
            e.planType().ifPresent(p -> err.println("  plan: " + p));
            e.resetsAt().ifPresent(r -> err.println("  resets at: " + r));
            e.usedPercent().ifPresent(u -> err.println("  used: " + u + " %"));
        }
        if (t instanceof SignInRequiredException e) {
            e.code().ifPresent(c -> err.println("  code: " + c));
        }
        if (t instanceof LoginException) {
            err.println("  (start the sign-in again with `codex-auth login`; --device or --manual help on a machine without a browser)");
        }
        t.printStackTrace(err);
    }

    /** Picocli and our own executors wrap failures; the user cares about the innermost meaningful one. */
    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof java.util.concurrent.ExecutionException
                || current instanceof java.util.concurrent.CompletionException
                || current instanceof picocli.CommandLine.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** A command found its arguments unusable after parsing (e.g. no prompt at all): exit status 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
