package dev.codexauth.token;

import java.util.Optional;

/**
 * What a logout did (SPEC §3: revoke at the issuer, then delete locally; a failed revoke still deletes).
 *
 * @param profile       the login's profile
 * @param revocation    what happened at the issuer
 * @param deleted       whether a stored login was deleted
 * @param revokeFailure why the issuer did not confirm the revocation, or why the stored login could not
 *                      be read (a message free of secrets); null unless {@code revocation} is
 *                      {@link Revocation#FAILED} or {@link Revocation#SKIPPED_UNREADABLE}
 */
public record LogoutResult(String profile, Revocation revocation, boolean deleted, String revokeFailure) {

    /** The issuer's part of a logout. */
    public enum Revocation {
        /** The issuer revoked the refresh token: the login is dead everywhere. */
        REVOKED,
        /** The revoke request failed; the tokens were deleted here but may stay valid at the issuer until they expire. */
        FAILED,
        /** There was no login, so there was nothing to revoke. */
        NOTHING_TO_REVOKE,
        /**
         * The stored login could not be read, so there was no token to revoke; it was deleted here, but its
         * tokens may stay valid at the issuer until they expire.
         */
        SKIPPED_UNREADABLE
    }

    /** Why revocation failed, when it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(revokeFailure);
    }

    /** One or two sentences for the user. */
    public String message() {
        return switch (revocation) {
            case REVOKED -> "Signed out of profile '" + profile + "': the login was revoked and deleted.";
            case NOTHING_TO_REVOKE -> "Profile '" + profile + "' was not signed in; nothing to do.";
            case FAILED -> "Signed out of profile '" + profile + "' on this machine" + (deleted ? " (login deleted)" : "")
                    + ", but the sign-in server did not confirm the revocation: " + revokeFailure
                    + " The old tokens may stay usable until they expire; to cut them off now, sign out of "
                    + "all sessions in ChatGPT's security settings.";
            case SKIPPED_UNREADABLE -> "Signed out of profile '" + profile + "' on this machine" + (deleted ? " (login deleted)" : "")
                    + ", without revoking it: the stored login could not be read, so it held no usable token to "
                    + "revoke (" + revokeFailure + "). Its tokens may stay usable until they expire; to cut them off "
                    + "now, sign out of all sessions in ChatGPT's security settings.";
        };
    }
}
