package dev.codexauth.storage.file;

import dev.codexauth.token.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** Made-up tokens for tests, each containing a marker so a test can prove it never leaks. */
final class Tokens {

    static final String SECRET_MARK = "s3cr3t";

    private Tokens() {
    }

    /** An unsigned JWT with this JSON payload, base64url without padding. */
    static String jwt(String payloadJson) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + SECRET_MARK + "sig";
    }

    static String accessToken(long expEpochSeconds, String accountId) {
        return jwt("{\"exp\":" + expEpochSeconds + ",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\""
                + accountId + "\"},\"note\":\"" + SECRET_MARK + "-access\"}");
    }

    static Credentials credentials(String tag) {
        return new Credentials(SECRET_MARK + "-access-" + tag, SECRET_MARK + "-refresh-" + tag,
                SECRET_MARK + "-id-" + tag, Instant.ofEpochMilli(1_767_000_000_000L), "acct-" + tag, Map.of());
    }
}
