package dev.codexauth.storage.keychain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored record, the same one the file store writes (OpenCode's shape, SPEC §5), compact:
 * {@code {"type":"oauth","access":..,"refresh":..,"expires":<epoch ms>,"accountId":..,"idToken":..}}
 * plus any fields we do not interpret, kept as they were. Jackson's messages can quote the input, so
 * they are never passed on.
 */
final class RecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("type", "access", "refresh", "expires", "accountId", "idToken");

    private RecordJson() {
    }

    static String encode(Credentials c) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "oauth");
        record.put("access", c.accessToken());
        record.put("refresh", c.refreshToken());
        record.put("expires", c.expiresAt().toEpochMilli());
        if (c.accountId() != null) {
            record.put("accountId", c.accountId());
        }
        if (c.idToken() != null) {
            record.put("idToken", c.idToken());
        }
        // extras in name order, as the file store writes them, so both stores hold the same bytes
        new TreeMap<>(c.extras()).forEach((k, v) -> {
            if (!KNOWN.contains(k)) {
                record.put(k, v);
            }
        });
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new StoreException("A field of the login could not be written as JSON ("
                    + e.getClass().getSimpleName() + ").", Recovery.SIGN_IN, null);
        }
    }

    /** @param where names the entry for the error message (never its content) */
    static Credentials decode(String json, String where) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw unreadable(where, "it is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw unreadable(where, "it is not a JSON object");
        }
        if (root.hasNonNull("type") && !"oauth".equals(root.get("type").asText())) {
            throw unreadable(where, "its type is not 'oauth'");
        }
        String access = text(root, "access", where, true);
        String refresh = text(root, "refresh", where, true);
        JsonNode expires = root.get("expires");
        if (expires == null || !expires.canConvertToLong()) {
            throw unreadable(where, "'expires' is missing or not a number");
        }
        Map<String, Object> extras = new LinkedHashMap<>(MAPPER.convertValue(root, new TypeReference<Map<String, Object>>() { }));
        extras.keySet().removeAll(KNOWN);
        return new Credentials(access, refresh, text(root, "idToken", where, false),
                Instant.ofEpochMilli(expires.asLong()), text(root, "accountId", where, false), extras);
    }

    /** Whether two logins would be stored identically (field order and number types aside). */
    static boolean sameRecord(Credentials a, Credentials b) {
        try {
            return MAPPER.readTree(encode(a)).equals(MAPPER.readTree(encode(b)));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String text(JsonNode root, String field, String where, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw unreadable(where, "'" + field + "' is missing");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw unreadable(where, "'" + field + "' is not a string");
        }
        return node.asText();
    }

    private static StoreException unreadable(String where, String why) {
        return new StoreException("The login stored in " + where + " cannot be read: " + why
                + ". Sign in again to replace it.", Recovery.SIGN_IN, null);
    }
}
