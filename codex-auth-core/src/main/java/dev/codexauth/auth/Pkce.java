package dev.codexauth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A PKCE pair (RFC 7636, method {@code S256}): the verifier stays with this client until the code
 * exchange; the challenge goes into the authorize URL. {@code toString()} shows neither.
 *
 * @param verifier  base64url without padding of 32 to 96 random bytes (43 to 128 characters)
 * @param challenge base64url without padding of SHA-256 over the verifier's ASCII bytes
 */
public record Pkce(String verifier, String challenge) {

    /** The only method this client sends. */
    public static final String METHOD = "S256";
    /** Random bytes behind a fresh verifier: 86 characters, well inside RFC 7636's 43..128. */
    static final int VERIFIER_BYTES = 64;

    public Pkce {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(challenge, "challenge");
    }

    /** A fresh pair from {@code random}. */
    public static Pkce generate(SecureRandom random) {
        String verifier = randomBase64Url(random, VERIFIER_BYTES);
        return new Pkce(verifier, challengeOf(verifier));
    }

    /** The S256 challenge of a verifier. */
    public static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** base64url without padding of {@code bytes} random bytes. */
    static String randomBase64Url(SecureRandom random, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Override
    public String toString() {
        return "Pkce[method=S256, <redacted>]";
    }
}
