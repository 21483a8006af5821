package dev.codexauth.auth;

import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.token.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the issuer's token endpoint returned (code exchange or refresh). Any component may be null
 * when the issuer omitted it (a refresh may omit the refresh or id token); {@code toString()} shows
 * no token.
 */
public record TokenResponse(String accessToken, String refreshToken, String idToken, Duration expiresIn) {

    /**
     * The credentials of a new sign-in (a code exchange): expiry is now plus {@code expires_in}, or the
     * access token's {@code exp} when the issuer gave no lifetime; the account id comes from the id
     * token, else the access token.
     *
     * @throws ProtocolException when the access or refresh token is missing, a token is not a JWT, or
     *         nothing says when the access token expires
     */
    public Credentials toCredentials(Clock clock) {
        requireAccessToken();
        if (refreshToken == null) {
            throw new ProtocolException("The sign-in server sent no refresh token, so this sign-in could not be kept. "
                    + "Sign in again.", Recovery.SIGN_IN, null);
        }
        TokenClaims claims = TokenClaims.of(accessToken, idToken);
        return new Credentials(accessToken, refreshToken, idToken, expiry(clock, claims.expiresAt()), claims.accountId());
    }

    /**
     * The credentials after a refresh of {@code previous}: each token present here replaces the stored
     * one, an omitted refresh or id token is kept, and the account id is read again from the tokens
     * (kept from {@code previous} only when they carry none). Fields of the stored record this library
     * does not interpret are kept.
     *
     * <p>The tokens are read leniently, because the refresh token the issuer just rotated is spent:
     * a token that is not a readable JWT (an id token kept from an older record, an opaque access token)
     * only contributes no claims. The expiry is now plus {@code expires_in}, else the access token's
     * {@code exp}.
     *
     * @throws ProtocolException when the access token is missing, or nothing says when it expires; the
     *         caller must then still keep {@link #refreshToken()}, the only one that works now
     */
    public Credentials applyTo(Credentials previous, Clock clock) {
        requireAccessToken();
        String refresh = refreshToken != null ? refreshToken : previous.refreshToken();
        String id = idToken != null ? idToken : previous.idToken();
        java.util.Optional<TokenClaims> fromId = TokenClaims.ifReadable(id);
        java.util.Optional<TokenClaims> fromAccess = TokenClaims.ifReadable(accessToken);
        String accountId = fromId.map(TokenClaims::accountId)
                .or(() -> fromAccess.map(TokenClaims::accountId))
                .orElse(previous.accountId());
        Instant expiresAt = expiry(clock, fromAccess.map(TokenClaims::expiresAt).orElse(null));
        return new Credentials(accessToken, refresh, id, expiresAt, accountId, previous.extras());
    }

    private void requireAccessToken() {
        if (accessToken == null) {
            throw new ProtocolException("The sign-in server's answer has no access token. Try again; if it keeps "
                    + "happening, sign in again.", Recovery.RETRY, null);
        }
    }

    private Instant expiry(Clock clock, Instant exp) {
        if (expiresIn != null) {
            return clock.instant().plus(expiresIn);
        }
        if (exp != null) {
            return exp;
        }
        throw new ProtocolException("The sign-in server did not say when the access token expires "
                + "(no expires_in and no exp claim).", Recovery.SIGN_IN, null);
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + ", accessToken=" + present(accessToken)
                + ", refreshToken=" + present(refreshToken) + ", idToken=" + present(idToken) + "]";
    }

    private static String present(String token) {
        return token == null ? "absent" : "<redacted>";
    }
}
