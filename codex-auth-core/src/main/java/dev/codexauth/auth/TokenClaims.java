package dev.codexauth.auth;

import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;

/**
 * What a sign-in's JWTs say about the account (SPEC §4). The claims are read without verifying the
 * signature: this client is the token's bearer, not its audience. Every component may be null when
 * no token carries it. Claims are not secrets; the tokens themselves never appear here.
 *
 * @param accountId the ChatGPT account id ({@code chatgpt_account_id}), sent as {@code ChatGPT-Account-ID}
 * @param userId    {@code chatgpt_user_id} (or {@code user_id})
 * @param email     the signed-in user's email
 * @param planType  {@code chatgpt_plan_type}: free, go, plus, pro, team, business, enterprise, edu...
 * @param expiresAt the access token's {@code exp}
 */
public record TokenClaims(String accountId, String userId, String email, String planType, Instant expiresAt) {

    static final String AUTH_CLAIM = "https://api.openai.com/auth";
    static final String PROFILE_CLAIM = "https://api.openai.com/profile";

    /**
     * Reads the claims of a sign-in. The id token is preferred for who the user is (the Codex CLI reads
     * it); the access token fills what the id token lacks and alone gives {@code exp}.
     *
     * @param accessToken the access token (a JWT); required
     * @param idToken     the id token (a JWT), or null
     * @throws ProtocolException when a token is not a JWT with a JSON payload; the message names which
     *         token, never its content
     */
    public static TokenClaims of(String accessToken, String idToken) {
        if (accessToken == null) {
            throw new ProtocolException("The sign-in server sent no access token.", Recovery.SIGN_IN, null);
        }
        JwtClaims access = parse(accessToken, "access token");
        JwtClaims id = idToken == null ? null : parse(idToken, "id token");
        return new TokenClaims(
                first(auth(id, "chatgpt_account_id"), auth(access, "chatgpt_account_id")),
                first(first(auth(id, "chatgpt_user_id"), auth(id, "user_id")),
                        first(auth(access, "chatgpt_user_id"), auth(access, "user_id"))),
                first(email(id), email(access)),
                first(auth(id, "chatgpt_plan_type"), auth(access, "chatgpt_plan_type")),
                expiry(access));
    }

    /**
     * The claims of one token on its own (the same as {@code of(jwt, null)}, its {@code exp} included),
     * or empty when it cannot be read: not three dot-separated parts, or a payload that is not a base64
     * JSON object. For callers with a fallback, such as a stored record whose tokens need not be JWTs;
     * {@link #of} says why a token cannot be read.
     *
     * @param jwt a token, or null (empty)
     */
    public static Optional<TokenClaims> ifReadable(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(jwt, null));
        } catch (ProtocolException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The claims of one JWT. Accepts base64url and standard base64, with or without padding.
     *
     * @param what how to name the token in an error ("access token")
     * @throws ProtocolException when it is not three dot-separated parts or the payload is not a JSON object
     */
    static JwtClaims parse(String jwt, String what) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw malformed("The " + what + " is not a JWT (expected three dot-separated parts, found "
                    + parts.length + ").");
        }
        byte[] payload;
        try {
            payload = decodeBase64(parts[1]);
        } catch (IllegalArgumentException e) {
            // Not attached: the JDK's message quotes the offending character of the token.
            throw malformed("The payload of the " + what + " is not base64.");
        }
        try {
            return JwtClaims.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (Exception e) {
            // Not attached: jose4j's messages embed the JSON they failed to read.
            throw malformed("The payload of the " + what + " is not a JSON object.");
        }
    }

    /** Decodes base64url or standard base64, padded or not. */
    static byte[] decodeBase64(String text) {
        String url = text.strip().replace('+', '-').replace('/', '_');
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '=') {
            end--;
        }
        return Base64.getUrlDecoder().decode(url.substring(0, end));
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(message + " The sign-in server's answer cannot be used; sign in again.",
                Recovery.SIGN_IN, null);
    }

    private static String auth(JwtClaims claims, String name) {
        return nested(claims, AUTH_CLAIM, name);
    }

    private static String email(JwtClaims claims) {
        String top = string(claims == null ? null : claims.getClaimValue("email"));
        return top != null ? top : nested(claims, PROFILE_CLAIM, "email");
    }

    private static String nested(JwtClaims claims, String object, String name) {
        if (claims == null) {
            return null;
        }
        return claims.getClaimValue(object) instanceof Map<?, ?> map ? string(map.get(name)) : null;
    }

    private static Instant expiry(JwtClaims claims) {
        Object exp = claims.getClaimValue("exp");
        // a broken or hostile token may claim any number; one beyond 30 million years is no expiry at all
        if (exp instanceof Number n && Math.abs(n.doubleValue()) < 1e15) {
            return Instant.ofEpochSecond(n.longValue());
        }
        return null;
    }

    private static String string(Object value) {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        return value instanceof Number n ? n.toString() : null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
