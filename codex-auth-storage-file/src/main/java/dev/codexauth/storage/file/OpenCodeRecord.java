package dev.codexauth.storage.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.auth.TokenClaims;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenCode's login record (SPEC §5), the one format every store of this library keeps a login in:
 * {@code {"type":"oauth","access":..,"refresh":..,"expires":<epoch ms>,"accountId":..,"idToken":..}}
 * ({@code accountId} and {@code idToken} only when known), followed by every other field of the record,
 * which {@link Credentials#extras()} carries so that a rewrite keeps it. A top-level JSON {@code null}
 * among those fields is kept as Jackson's {@link NullNode} (the extras map cannot hold Java nulls).
 *
 * <p>Written records have the known fields first, in the order above, then the extras in name order,
 * so equal logins give equal text. Reading is lenient where the meaning is clear: without
 * {@code expires} the access token's {@code exp} is used, and without {@code accountId} the
 * {@code chatgpt_account_id} claim of the id token, else of the access token.
 *
 * <p>Errors quote nothing of the record (Jackson's messages can quote their input, so they are never
 * passed on or attached). Stateless and thread-safe.
 */
public final class OpenCodeRecord {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectWriter INDENTED = JSON.writer().with(SerializationFeature.INDENT_OUTPUT);

    private static final Set<String> KNOWN = Set.of("type", "access", "refresh", "expires", "accountId", "idToken");

    /** A login record is a few kilobytes; anything larger than this is not one. */
    static final int MAX_BYTES = 1 << 20;

    private OpenCodeRecord() {
    }

    /**
     * The compact record of a login: one line, no spaces between tokens.
     *
     * @throws IllegalArgumentException when an extra field is of a type Jackson cannot write
     */
    public static String toJson(Credentials credentials) {
        try {
            return JSON.writeValueAsString(fields(credentials));
        } catch (JsonProcessingException e) {
            throw unwritable(e);
        }
    }

    /**
     * The login in a record read from a store.
     *
     * @param json  the record
     * @param where names the record's place for the error message, e.g. "the OS keychain (service 'x', account 'y')"
     * @throws StoreException when the record cannot be used (recovery: sign in again); the message says
     *         why and names {@code where}, never the record's content
     */
    public static Credentials fromJson(String json, String where) {
        Objects.requireNonNull(json, "json");
        try {
            return parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (Unreadable e) {
            throw new StoreException("The login stored in " + where + " cannot be read: " + e.getMessage()
                    + ". Sign in again to replace it.", Recovery.SIGN_IN, null);
        }
    }

    /** Whether two logins have the same record (the order of fields in nested objects and number types aside). */
    public static boolean sameRecord(Credentials a, Credentials b) {
        try {
            // read back from text, so that an Integer and a Long of the same value compare equal
            return JSON.readTree(toJson(a)).equals(JSON.readTree(toJson(b)));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    // --- for the file store and the importer ---

    /** Why a record could not be read; the message quotes no content of it. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The record as the file store writes it: indented, otherwise as {@link #toJson}. */
    static byte[] toIndentedJson(Credentials credentials) {
        try {
            return INDENTED.writeValueAsBytes(fields(credentials));
        } catch (JsonProcessingException e) {
            throw unwritable(e);
        }
    }

    static Credentials parse(byte[] bytes) throws Unreadable {
        return fromObject(parseObject(bytes));
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

    /** The login of one record object; {@code expires} or the account id, when absent, come from the tokens. */
    static Credentials fromObject(ObjectNode node) throws Unreadable {
        JsonNode type = node.get("type");
        if (type != null && !type.isNull() && !"oauth".equals(type.asText())) {
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
            expiresAt = TokenClaims.ifReadable(access).map(TokenClaims::expiresAt).orElseThrow(() ->
                    new Unreadable("it has no 'expires' and its access token carries no expiry"));
        } else if (expires.isIntegralNumber() && expires.canConvertToLong()) {
            expiresAt = Instant.ofEpochMilli(expires.asLong());
        } else {
            throw new Unreadable("its 'expires' is not a number of milliseconds");
        }
        if (accountId == null) {
            accountId = accountIdOf(idToken, access);
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!KNOWN.contains(field.getKey())) {
                extras.put(field.getKey(), toJava(field.getValue()));
            }
        }
        return new Credentials(access, refresh, idToken, expiresAt, accountId, extras);
    }

    /** The {@code chatgpt_account_id} claim of the id token, else of the access token; null when neither can say. */
    static String accountIdOf(String idToken, String accessToken) {
        return TokenClaims.ifReadable(idToken).map(TokenClaims::accountId)
                .or(() -> TokenClaims.ifReadable(accessToken).map(TokenClaims::accountId))
                .orElse(null);
    }

    private static Map<String, Object> fields(Credentials credentials) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "oauth");
        record.put("access", credentials.accessToken());
        record.put("refresh", credentials.refreshToken());
        record.put("expires", credentials.expiresAt().toEpochMilli());
        if (credentials.accountId() != null) {
            record.put("accountId", credentials.accountId());
        }
        if (credentials.idToken() != null) {
            record.put("idToken", credentials.idToken());
        }
        new TreeMap<>(credentials.extras()).forEach((name, value) -> {
            if (!KNOWN.contains(name)) {
                record.put(name, value);
            }
        });
        return record;
    }

    private static IllegalArgumentException unwritable(JsonProcessingException e) {
        // only an extra of a type Jackson cannot write gets here; its message may quote values
        return new IllegalArgumentException("An extra field of the credentials cannot be written as JSON ("
                + e.getClass().getSimpleName() + ").");
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
