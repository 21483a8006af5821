package dev.codexauth.auth;

import java.time.Duration;

/**
 * What the issuer's token endpoint returned (code exchange or refresh). Any component may be null
 * when the issuer omitted it (a refresh may omit the refresh or id token); {@code toString()} shows
 * no token.
 */
public record TokenResponse(String accessToken, String refreshToken, String idToken, Duration expiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + ", accessToken=" + present(accessToken)
                + ", refreshToken=" + present(refreshToken) + ", idToken=" + present(idToken) + "]";
    }

    private static String present(String token) {
        return token == null ? "absent" : "<redacted>";
    }
}
