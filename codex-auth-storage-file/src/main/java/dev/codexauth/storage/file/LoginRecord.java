package dev.codexauth.storage.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.token.Credentials;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenCode's login record (SPEC §5): {@code {"type":"oauth","access","refresh","expires","accountId"}}
 * plus optional {@code idToken}, and whatever else the file holds, kept in {@link Credentials#extras()}.
 * A top-level JSON {@code null} among the extras is kept as Jackson's {@link NullNode} (the extras map
 * cannot hold Java nulls).
 */
final class LoginRecord {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final Set<String> KNOWN = Set.of("type", "access", "refresh", "expires", "accountId", "idToken");

    /** A login record is a few kilobytes; anything larger than this is not one. */
    static final int MAX_BYTES = 1 << 20;

    private LoginRecord() {
    }

    /** Why a record could not be read; the message quotes no content of the file. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    static ObjectNode parseObject(byte[] bytes) throws Unreadable {
        if (bytes.length == 0) {
            throw new Unreadable("it is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new Unreadable("it is larger than any login record (over " + MAX_BYTES + " bytes)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Unreadable("it is not valid JSON (it ends early or is damaged"
                    + (at == null ? "" : " near line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")");
        } catch (IOException e) {
            throw new Unreadable("it is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Unreadable("it does not hold a JSON object");
        }
        return (ObjectNode) root;
    }

    static Credentials parse(byte[] bytes) throws Unreadable {
        return fromJson(parseObject(bytes));
    }

    /** The credentials of one record; {@code expires} or the account id, when absent, come from the tokens. */
    static Credentials fromJson(ObjectNode node) throws Unreadable {
        JsonNode type = node.get("type");
        if (type != null && !"oauth".equals(type.asText())) {
            String shown = type.isTextual() && type.asText().matches("[A-Za-z_-]{1,20}") ? "'" + type.asText() + "'" : "unknown";
            throw new Unreadable("it holds a record of type " + shown + ", not a ChatGPT sign-in ('oauth')");
        }
        String access = text(node, "access", true);
        String refresh = text(node, "refresh", true);
        String idToken = text(node, "idToken", false);
        String accountId = text(node, "accountId", false);
        JsonNode expires = node.get("expires");
        Instant expiresAt;
        if (expires == null || expires.isNull()) {
            expiresAt = claims(access).flatMap(JwtClaims::expiry).orElseThrow(() ->
                    new Unreadable("it has no 'expires' and its access token carries no expiry"));
        } else if (expires.isIntegralNumber() && expires.canConvertToLong()) {
            expiresAt = Instant.ofEpochMilli(expires.asLong());
        } else {
            throw new Unreadable("its 'expires' is not a number of milliseconds");
        }
        if (accountId == null) {
            accountId = (idToken == null ? java.util.Optional.<JwtClaims>empty() : claims(idToken))
                    .flatMap(JwtClaims::accountId)
                    .or(() -> claims(access).flatMap(JwtClaims::accountId))
                    .orElse(null);
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!KNOWN.contains(field.getKey())) {
                extras.put(field.getKey(), toJava(field.getValue()));
            }
        }
        return new Credentials(access, refresh, idToken, expiresAt, accountId, extras);
    }

    /** The record of these credentials: known fields first, then the extras in name order. */
    static byte[] toJson(Credentials credentials) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "oauth");
        node.put("access", credentials.accessToken());
        node.put("refresh", credentials.refreshToken());
        node.put("expires", credentials.expiresAt().toEpochMilli());
        if (credentials.accountId() != null) {
            node.put("accountId", credentials.accountId());
        }
        if (credentials.idToken() != null) {
            node.put("idToken", credentials.idToken());
        }
        new TreeMap<>(credentials.extras()).forEach((name, value) -> {
            if (!KNOWN.contains(name)) {
                node.set(name, JSON.valueToTree(value));
            }
        });
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // only an extra of a type Jackson cannot write gets here; its message may quote values
            throw new IllegalArgumentException("An extra field of the credentials cannot be written as JSON ("
                    + e.getClass().getSimpleName() + ").");
        }
    }

    private static java.util.Optional<JwtClaims> claims(String token) {
        try {
            return java.util.Optional.of(JwtClaims.parse(token));
        } catch (JwtClaims.MalformedToken e) {
            return java.util.Optional.empty();
        }
    }

    private static String text(ObjectNode node, String field, boolean required) throws Unreadable {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Unreadable("it has no '" + field + "'");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isEmpty())) {
            throw new Unreadable("its '" + field + "' is not " + (required ? "a non-empty " : "") + "text");
        }
        return value.asText();
    }

    private static Object toJava(JsonNode value) {
        return value.isNull() ? NullNode.getInstance() : JSON.convertValue(value, Object.class);
    }
}
