package dev.codexauth.error;

/**
 * The token store cannot do what was asked: a corrupt file (kept aside, never overwritten), a lock
 * held too long by another process, a keychain that is absent, locked or too slow.
 */
public non-sealed class StoreException extends CodexAuthException {

    public StoreException(String message, Throwable cause) {
        super(message, Recovery.FIX_ENVIRONMENT, cause);
    }

    public StoreException(String message, Recovery recovery, Throwable cause) {
        super(message, recovery, cause);
    }
}
