package dev.codexauth.error;

/**
 * Every failure this library reports. The subclass says what kind of failure it is and
 * {@link #recovery()} says what helps.
 *
 * <p>Messages are written for the user: one or two plain sentences that say what happened and what
 * to do. They never contain a token, an authorization code, a PKCE verifier or an OAuth state, and a
 * cause is only attached when its own message is known to be free of them.
 */
public abstract sealed class CodexAuthException extends RuntimeException
        permits SignInRequiredException, TransientException, UsageLimitException, RequestRejectedException,
                StoreException, ConfigurationException, LoginException, ProtocolException {

    private final Recovery recovery;

    protected CodexAuthException(String message, Recovery recovery, Throwable cause) {
        super(message, cause);
        this.recovery = recovery;
    }

    /** What the user or the calling program can do about it. */
    public Recovery recovery() {
        return recovery;
    }

    /** Whether sending the same thing again later can succeed. */
    public boolean isRetryable() {
        return recovery == Recovery.RETRY;
    }
}
