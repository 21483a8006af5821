package dev.codexauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One login's tokens. {@link #toString()} shows no secret: only the account and the expiry.
 *
 * @param accessToken  the bearer token sent to the backend (a JWT)
 * @param refreshToken the single-use refresh token; each refresh returns a new one
 * @param idToken      the OpenID id token (a JWT), or null when the issuer gave none
 * @param expiresAt    when the access token expires
 * @param accountId    the ChatGPT account id ({@code ChatGPT-Account-ID}), or null if unknown
 * @param extras       fields of the stored record this library does not interpret, kept on rewrite
 */
public record Credentials(String accessToken, String refreshToken, String idToken, Instant expiresAt,
                          String accountId, Map<String, Object> extras) {

    public Credentials {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    public Credentials(String accessToken, String refreshToken, String idToken, Instant expiresAt, String accountId) {
        this(accessToken, refreshToken, idToken, expiresAt, accountId, Map.of());
    }

    /** Whether the access token has expired at {@code now}. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether the access token expires within {@code margin} of {@code now} (or already has). */
    public boolean expiresWithin(Duration margin, Instant now) {
        return !now.plus(margin).isBefore(expiresAt);
    }

    /** These credentials with other record fields kept (for stores that round-trip unknown fields). */
    public Credentials withExtras(Map<String, Object> newExtras) {
        return new Credentials(accessToken, refreshToken, idToken, expiresAt, accountId, newExtras);
    }

    @Override
    public String toString() {
        return "Credentials[accountId=" + accountId + ", expiresAt=" + expiresAt + ", tokens=<redacted>]";
    }
}
