package dev.codexauth.examples.cli;

/**
 * What the {@code codex-auth} process tells its caller through its exit status. Scripts can branch on
 * these: 3 means "run {@code codex-auth login}", 4 means "wait for the usage window to reset".
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The command failed (network, store, backend, a bug); stderr says what to do. */
    public static final int FAILURE = 1;
    /** The command line was wrong: an unknown option, a missing argument, a bad value. */
    public static final int USAGE = 2;
    /** No usable login: sign in with {@code codex-auth login} (or import one). */
    public static final int SIGN_IN_REQUIRED = 3;
    /** The ChatGPT plan's usage limit was reached (or the plan does not include Codex). */
    public static final int USAGE_LIMIT = 4;

    private ExitCodes() {
    }
}
