package dev.codexauth.error;

import java.util.Optional;

/**
 * There is no usable login: none was ever saved, it was deleted, or the issuer refused the refresh
 * token for good ({@code refresh_token_expired}, {@code refresh_token_reused},
 * {@code refresh_token_invalidated}, {@code invalid_grant}, HTTP 401). Retrying cannot help.
 */
public final class SignInRequiredException extends CodexAuthException {

    private final String code;

    public SignInRequiredException(String message) {
        this(message, null);
    }

    /** @param code the issuer's error code, e.g. {@code refresh_token_reused}, or null */
    public SignInRequiredException(String message, String code) {
        super(message, Recovery.SIGN_IN, null);
        this.code = code;
    }

    /** The issuer's error code, when it gave one. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }
}
