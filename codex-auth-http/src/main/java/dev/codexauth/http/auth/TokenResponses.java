package dev.codexauth.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import java.time.Duration;

/** Reads the token endpoint's JSON answer (SPEC §3). Errors never quote the body: it holds tokens. */
final class TokenResponses {

    private TokenResponses() {
    }

    /**
     * Parses a successful token answer.
     *
     * @param codeExchange true for a code exchange, where both the access and the refresh token are
     *                     required; on a refresh, absent fields stay null (the caller keeps the old ones)
     * @throws ProtocolException when the body is not a JSON object, a token field is not a string, or a
     *         code exchange lacks a token
     */
    static TokenResponse parse(byte[] body, boolean codeExchange) {
        JsonNode json = IssuerErrors.readQuietly(body);
        if (json == null || !json.isObject()) {
            throw new ProtocolException("The sign-in server's token answer is not a JSON object. Try again; if it "
                    + "keeps happening, sign in again.", Recovery.RETRY, null);
        }
        String access = token(json, "access_token");
        String refresh = token(json, "refresh_token");
        String id = token(json, "id_token");
        if (codeExchange && (access == null || refresh == null)) {
            String missing = access == null && refresh == null ? "access and refresh tokens"
                    : access == null ? "access token" : "refresh token";
            throw new ProtocolException("The sign-in server's answer has no " + missing
                    + ", so the sign-in cannot be completed. Start the sign-in again.", Recovery.SIGN_IN, null);
        }
        return new TokenResponse(access, refresh, id, expiresIn(json.get("expires_in")));
    }

    private static String token(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ProtocolException("The sign-in server's answer has a " + field + " that is not a string.",
                    Recovery.RETRY, null);
        }
        String text = node.asText();
        return text.isBlank() ? null : text;
    }

    private static Duration expiresIn(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        long seconds;
        if (node.isIntegralNumber() || node.isFloatingPointNumber()) {
            seconds = node.asLong();
        } else if (node.isTextual() && node.asText().strip().matches("\\d{1,12}")) {
            seconds = Long.parseLong(node.asText().strip());
        } else {
            throw new ProtocolException("The sign-in server's answer has an expires_in that is not a number of seconds.",
                    Recovery.RETRY, null);
        }
        return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    }
}
