package dev.codexauth.token;

/**
 * What every request asks for its bearer token. The implementation refreshes ahead of expiry with one
 * refresh per account across threads and processes; a fresh token costs no I/O and no lock.
 * Thread-safe.
 */
public interface CredentialsProvider {

    /**
     * Credentials fit to send now: fresh ones at once; stale ones at once while a background refresh
     * runs; expired ones after waiting for the one refresh in flight.
     *
     * @throws dev.codexauth.error.SignInRequiredException when there is no login or it can no longer be refreshed
     */
    Credentials credentials();

    /**
     * The backend answered 401 to a request sent with {@code rejected}: reload from the store (another
     * process may have refreshed), refresh once if that gives nothing newer, and return what to retry with.
     *
     * @throws dev.codexauth.error.SignInRequiredException when no working token can be had
     */
    Credentials afterUnauthorized(Credentials rejected);

    /** A provider that always returns these credentials (tests, and callers who manage tokens themselves). */
    static CredentialsProvider fixed(Credentials credentials) {
        return new CredentialsProvider() {
            @Override
            public Credentials credentials() {
                return credentials;
            }

            @Override
            public Credentials afterUnauthorized(Credentials rejected) {
                throw new dev.codexauth.error.SignInRequiredException(
                        "The backend refused the access token and these credentials cannot be refreshed. Sign in again.");
            }
        };
    }
}
