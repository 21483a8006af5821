package dev.codexauth.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned JWTs for tests: the client never verifies signatures, it only reads claims. */
final class Jwts {

    private Jwts() {
    }

    static String of(String payloadJson) {
        return part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + part(payloadJson) + ".c2lnbmF0dXJl";
    }

    static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String account(String accountId, String plan, long exp) {
        return of("{\"exp\":" + exp + ",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"" + accountId
                + "\",\"chatgpt_plan_type\":\"" + plan + "\",\"chatgpt_user_id\":\"user-" + accountId + "\"}}");
    }
}
