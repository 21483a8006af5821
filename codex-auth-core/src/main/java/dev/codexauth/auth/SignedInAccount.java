package dev.codexauth.auth;

import dev.codexauth.token.Credentials;

/**
 * Who a login belongs to, read from its tokens: for telling the user who signed in. Components are
 * null when the tokens do not say.
 *
 * @param email     the user's email
 * @param planType  the ChatGPT plan ({@code plus}, {@code pro}, {@code team}...)
 * @param accountId the ChatGPT account id
 * @param userId    the ChatGPT user id
 */
public record SignedInAccount(String email, String planType, String accountId, String userId) {

    /**
     * The account of stored credentials.
     *
     * @throws dev.codexauth.error.ProtocolException when a token is not a readable JWT
     */
    public static SignedInAccount of(Credentials credentials) {
        TokenClaims claims = TokenClaims.of(credentials.accessToken(), credentials.idToken());
        String accountId = claims.accountId() != null ? claims.accountId() : credentials.accountId();
        return new SignedInAccount(claims.email(), claims.planType(), accountId, claims.userId());
    }

    /** One line for the user, e.g. {@code ada@example.com (plus plan, account 1234)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(email != null ? email : "an unnamed user");
        if (planType != null || accountId != null) {
            sb.append(" (");
            if (planType != null) {
                sb.append(planType).append(" plan");
            }
            if (accountId != null) {
                sb.append(planType != null ? ", " : "").append("account ").append(accountId);
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
