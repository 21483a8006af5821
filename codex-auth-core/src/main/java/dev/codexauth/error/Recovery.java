package dev.codexauth.error;

/** What the user (or the calling program) can do about a failure. */
public enum Recovery {
    /** Trying again later may succeed; the library already retried where that was safe. */
    RETRY,
    /** The login is gone or unusable: sign in again. */
    SIGN_IN,
    /** A usage limit was reached: wait until it resets (or upgrade the plan). */
    WAIT_FOR_RESET,
    /** The request itself was refused (model, instructions, fields): change it. */
    CHANGE_REQUEST,
    /** A setting is wrong: fix the configuration. */
    FIX_CONFIGURATION,
    /** Something on this machine needs attention (a file, the keychain). */
    FIX_ENVIRONMENT
}
