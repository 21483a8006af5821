package dev.codexauth.auth;

import java.net.URI;
import java.util.Optional;

/**
 * The OAuth issuer's endpoints (SPEC §2-§3), as the protocol logic sees them; the transport lives
 * in {@code codex-auth-http}. Every method fails with a {@link dev.codexauth.error.CodexAuthException}
 * whose class says whether retrying or signing in again helps (a refused refresh token is a
 * {@link dev.codexauth.error.SignInRequiredException}; a network error or 5xx a
 * {@link dev.codexauth.error.TransientException}). Thread-safe.
 */
public interface Issuer {

    /** Exchanges an authorization code (form body: grant_type, client_id, code, code_verifier, redirect_uri). */
    TokenResponse exchangeCode(String code, String codeVerifier, URI redirectUri);

    /** Spends a refresh token (JSON body: client_id, grant_type, refresh_token); the answer carries a new one. */
    TokenResponse refresh(String refreshToken);

    /** Revokes a refresh token at the issuer. */
    void revoke(String refreshToken);

    /** Starts a device-code sign-in. */
    DeviceCode requestDeviceCode();

    /**
     * Polls a device-code sign-in once: empty while the user has not approved yet.
     * When approved, the issuer hands back an authorization code with its own PKCE verifier.
     */
    Optional<DeviceApproval> pollDeviceCode(DeviceCode deviceCode);

    /** A device sign-in the user approved: exchange the code with this verifier and redirect URI. */
    record DeviceApproval(String authorizationCode, String codeVerifier) {
        @Override
        public String toString() {
            return "DeviceApproval[<redacted>]";
        }
    }
}
