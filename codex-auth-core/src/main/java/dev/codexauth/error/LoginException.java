package dev.codexauth.error;

/**
 * Sign-in did not complete: denied in the browser, timed out, cancelled, a state that did not match,
 * a code the issuer would not exchange. Starting the sign-in again is the way forward.
 */
public non-sealed class LoginException extends CodexAuthException {

    public LoginException(String message) {
        super(message, Recovery.SIGN_IN, null);
    }

    public LoginException(String message, Recovery recovery, Throwable cause) {
        super(message, recovery, cause);
    }
}
