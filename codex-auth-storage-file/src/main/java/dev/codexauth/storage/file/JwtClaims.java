package dev.codexauth.storage.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The claims of a JWT, read without verifying its signature (we are its bearer, not its audience).
 * Errors never contain the token: some JWT libraries put the whole token in their messages, so this
 * decodes by hand.
 */
record JwtClaims(JsonNode payload) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH_CLAIM = "https://api.openai.com/auth";

    /** Why a token could not be read; the message names no part of the token. */
    static final class MalformedToken extends Exception {
        MalformedToken(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Decodes the payload; base64url or standard base64, with or without padding. */
    static JwtClaims parse(String token) throws MalformedToken {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new MalformedToken("it is not a JWT (expected three dot-separated parts, found " + parts.length + ")");
        }
        byte[] json;
        try {
            String urlSafe = parts[1].trim().replace('+', '-').replace('/', '_');
            while (urlSafe.endsWith("=")) {
                urlSafe = urlSafe.substring(0, urlSafe.length() - 1);
            }
            json = Base64.getUrlDecoder().decode(urlSafe);
        } catch (IllegalArgumentException e) {
            throw new MalformedToken("its payload is not base64");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MalformedToken("its payload is not JSON");
        }
        if (payload == null || !payload.isObject()) {
            throw new MalformedToken("its payload is not a JSON object");
        }
        return new JwtClaims(payload);
    }

    /** {@code exp}, when present as a number of seconds. */
    Optional<Instant> expiry() {
        JsonNode exp = payload.get("exp");
        // a number beyond the calendar (1e300) is no expiry at all, not a DateTimeException
        return exp != null && exp.isNumber() && Math.abs(exp.asDouble()) < 1e15
                ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
    }

    /** {@code https://api.openai.com/auth} → {@code chatgpt_account_id}, when present. */
    Optional<String> accountId() {
        JsonNode id = payload.path(AUTH_CLAIM).path("chatgpt_account_id");
        return id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "JwtClaims[<redacted>]";
    }
}
