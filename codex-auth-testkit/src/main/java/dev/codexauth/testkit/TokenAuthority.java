package dev.codexauth.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The issuer's memory: signing key, authorization codes, token families. A family is one login:
 * every refresh rotates its refresh token, a spent one presented again revokes the whole family
 * (as real servers do against token theft). Thread-safe (every method synchronized).
 */
final class TokenAuthority {

    /** Generated once per JVM: RSA key generation is the slowest part of a start. */
    private static volatile RsaJsonWebKey sharedKey;

    static final SecureRandom RANDOM = new SecureRandom();

    private final RsaJsonWebKey key;
    private final Clock clock;
    private final String issuer;
    private final String clientId;
    private final SandboxAccount account;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Duration codeTtl;

    private final Map<String, Family> families = new HashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new HashMap<>();
    private final Map<String, AccessGrant> accessTokens = new HashMap<>();
    private final Map<String, CodeGrant> codes = new HashMap<>();
    private int familySeq;

    TokenAuthority(Clock clock, String issuer, String clientId, SandboxAccount account,
                   Duration accessTtl, Duration refreshTtl, Duration codeTtl) {
        this.key = signingKey();
        this.clock = clock;
        this.issuer = issuer;
        this.clientId = clientId;
        this.account = account;
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
        this.codeTtl = codeTtl;
    }

    private static RsaJsonWebKey signingKey() {
        RsaJsonWebKey k = sharedKey;
        if (k == null) {
            synchronized (TokenAuthority.class) {
                k = sharedKey;
                if (k == null) {
                    try {
                        k = RsaJwkGenerator.generateJwk(2048);
                    } catch (JoseException e) {
                        throw new IllegalStateException("could not generate the sandbox's signing key", e);
                    }
                    k.setKeyId("codex-sandbox-" + random(6));
                    k.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
                    k.setUse("sig");
                    sharedKey = k;
                }
            }
        }
        return k;
    }

    /** The public key set, as served at {@code /.well-known/jwks.json}. */
    String jwks() {
        return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    Duration accessTtl() {
        return accessTtl;
    }

    // --- authorization codes ---

    synchronized String issueCode(String redirectUri, String codeChallenge) {
        String code = "ac_" + random(32);
        codes.put(code, new CodeGrant(redirectUri, codeChallenge, clock.instant().plus(codeTtl)));
        return code;
    }

    /** Exchanges a code; the outcome is tokens or the error the real issuer would send. */
    synchronized Outcome exchangeCode(String code, String verifier, String redirectUri) {
        CodeGrant grant = code == null ? null : codes.get(code);
        if (grant == null) {
            return Outcome.error(400, "Invalid authorization code.", "invalid_grant");
        }
        if (grant.spent) {
            // RFC 6749 §4.1.2: a replayed code revokes what it produced
            if (grant.family != null) {
                grant.family.revoked = true;
            }
            return Outcome.error(400, "The authorization code has already been used.", "invalid_grant");
        }
        grant.spent = true;
        if (!clock.instant().isBefore(grant.expiresAt)) {
            return Outcome.error(400, "The authorization code has expired.", "invalid_grant");
        }
        if (redirectUri == null || !redirectUri.equals(grant.redirectUri)) {
            return Outcome.error(400, "redirect_uri does not match the one used to get the code.", "invalid_grant");
        }
        if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
            return Outcome.error(400, "code_verifier must be 43-128 characters of [A-Za-z0-9._~-].", "invalid_request");
        }
        if (!MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
                grant.challenge.getBytes(StandardCharsets.US_ASCII))) {
            return Outcome.error(400, "code_verifier does not match the code_challenge.", "invalid_grant");
        }
        Family family = newFamily();
        grant.family = family;
        return Outcome.tokens(mint(family));
    }

    // --- refresh ---

    synchronized Outcome refresh(String refreshToken) {
        RefreshGrant grant = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (grant == null) {
            return Outcome.error(401, "Your refresh token is invalid. Please try signing in again.", "invalid_grant");
        }
        if (grant.family.revoked) {
            return Outcome.error(401, "Your refresh token has been invalidated. Please try signing in again.",
                    "refresh_token_invalidated");
        }
        if (grant.spent) {
            grant.family.revoked = true;
            return Outcome.error(401, "Your refresh token has already been used to generate a new access token. "
                    + "Please try signing in again.", "refresh_token_reused");
        }
        if (!clock.instant().isBefore(grant.expiresAt)) {
            return Outcome.error(401, "Your refresh token has expired. Please try signing in again.",
                    "refresh_token_expired");
        }
        grant.spent = true;
        return Outcome.tokens(mint(grant.family));
    }

    /** Revokes the family of a refresh or access token; unknown tokens are ignored (RFC 7009). */
    synchronized void revoke(String token) {
        RefreshGrant r = token == null ? null : refreshTokens.get(token);
        if (r != null) {
            r.family.revoked = true;
        }
        AccessGrant a = token == null ? null : accessTokens.get(token);
        if (a != null) {
            a.family.revoked = true;
        }
    }

    synchronized void revokeAll() {
        families.values().forEach(f -> f.revoked = true);
    }

    /** Forgets revocations; tokens minted before stay usable (a test class may share them). */
    synchronized void clearRevocations() {
        families.values().forEach(f -> f.revoked = false);
    }

    /** A fresh login, as the code exchange would give it. */
    synchronized Tokens login() {
        return mint(newFamily());
    }

    /** Checks a bearer token: null when it is live, else the 401 body's code. */
    synchronized String rejectBearer(String token) {
        AccessGrant grant = token == null ? null : accessTokens.get(token);
        if (grant == null) {
            return "invalid_token";
        }
        if (grant.family.revoked) {
            return "token_revoked";
        }
        if (!clock.instant().isBefore(grant.expiresAt)) {
            return "token_expired";
        }
        return null;
    }

    private Family newFamily() {
        Family f = new Family("fam-" + (++familySeq));
        families.put(f.id, f);
        return f;
    }

    private Tokens mint(Family family) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(accessTtl);
        String access = jwt(now, expiresAt, List.of("https://api.openai.com/v1"), true);
        String id = jwt(now, expiresAt, List.of(clientId), false);
        String refresh = "rt_" + random(40);
        accessTokens.put(access, new AccessGrant(family, expiresAt));
        refreshTokens.put(refresh, new RefreshGrant(family, now.plus(refreshTtl)));
        return new Tokens(access, refresh, id, expiresAt, accessTtl);
    }

    private String jwt(Instant now, Instant expiresAt, List<String> audience, boolean access) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject("auth0|" + account.userId());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setJwtId(random(12));
        claims.setClaim("email", account.email());
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("chatgpt_account_id", account.accountId());
        auth.put("chatgpt_plan_type", account.planType());
        auth.put("chatgpt_user_id", account.userId());
        auth.put("user_id", account.userId());
        claims.setClaim("https://api.openai.com/auth", auth);
        if (access) {
            claims.setClaim("scp", List.of("openid", "profile", "email", "offline_access"));
            claims.setClaim("https://api.openai.com/profile", Map.of("email", account.email(), "email_verified", true));
        } else {
            claims.setClaim("email_verified", true);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a sandbox token");
        }
    }

    static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Tokens of one login. */
    record Tokens(String accessToken, String refreshToken, String idToken, Instant expiresAt, Duration expiresIn) {
        @Override
        public String toString() {
            return "Tokens[expiresAt=" + expiresAt + ", <redacted>]";
        }
    }

    /** Tokens, or the status and code of an OAuth error. */
    record Outcome(Tokens tokens, int status, String message, String code) {
        static Outcome tokens(Tokens t) {
            return new Outcome(t, 200, null, null);
        }

        static Outcome error(int status, String message, String code) {
            return new Outcome(null, status, message, code);
        }
    }

    private static final class Family {
        final String id;
        boolean revoked;

        Family(String id) {
            this.id = id;
        }
    }

    private static final class RefreshGrant {
        final Family family;
        final Instant expiresAt;
        boolean spent;

        RefreshGrant(Family family, Instant expiresAt) {
            this.family = family;
            this.expiresAt = expiresAt;
        }
    }

    private record AccessGrant(Family family, Instant expiresAt) {
    }

    private static final class CodeGrant {
        final String redirectUri;
        final String challenge;
        final Instant expiresAt;
        boolean spent;
        Family family;

        CodeGrant(String redirectUri, String challenge, Instant expiresAt) {
            this.redirectUri = redirectUri;
            this.challenge = challenge;
            this.expiresAt = expiresAt;
        }
    }
}
