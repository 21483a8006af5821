package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The backend's model catalog: the full list, the list an account sees at a client version, and
 * which instructions each model accepts. Immutable; the sandbox swaps instances to change it.
 */
final class Catalog {

    private static volatile byte[] defaultBytes;

    private final byte[] raw;
    private final ArrayNode models;

    Catalog(byte[] raw) {
        JsonNode root = Json.parse(raw);
        if (!root.path("models").isArray()) {
            throw new IllegalArgumentException("a catalog is a JSON object {\"models\":[...]}");
        }
        for (JsonNode m : root.path("models")) {
            if (!m.path("slug").isTextual()) {
                throw new IllegalArgumentException("every catalog model needs a \"slug\"");
            }
        }
        this.raw = raw.clone();
        this.models = (ArrayNode) root.path("models");
    }

    static byte[] defaultJson() {
        byte[] b = defaultBytes;
        if (b == null) {
            try (InputStream in = Catalog.class.getResourceAsStream("default-catalog.json")) {
                b = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaultBytes = b;
        }
        return b.clone();
    }

    byte[] raw() {
        return raw.clone();
    }

    JsonNode model(String slug) {
        for (JsonNode m : models) {
            if (m.path("slug").asText().equals(slug)) {
                return m;
            }
        }
        return null;
    }

    /** The catalog as a client of this version sees it: models whose minimal version it meets. */
    byte[] forClientVersion(String clientVersion) {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("models");
        for (JsonNode m : models) {
            if (versionMeets(clientVersion, m.path("minimal_client_version").asText(null))) {
                list.add(m);
            }
        }
        return Json.bytes(root);
    }

    /** The ETag of what {@link #forClientVersion} returns, also sent as {@code X-Models-Etag}. */
    String etag(String clientVersion) {
        return "\"" + sha256(forClientVersion(clientVersion)).substring(0, 32) + "\"";
    }

    /** Every instruction text the backend accepts for a model: base, and the template under each personality. */
    static Set<String> validInstructions(JsonNode model) {
        Set<String> valid = new HashSet<>();
        if (model.path("base_instructions").isTextual()) {
            valid.add(model.path("base_instructions").asText());
        }
        JsonNode messages = model.path("model_messages");
        if (messages.path("instructions_template").isTextual()) {
            String template = messages.path("instructions_template").asText();
            valid.add(template.replace("{{ personality }}", ""));
            for (Iterator<Map.Entry<String, JsonNode>> it = messages.path("instructions_variables").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().startsWith("personality_")) {
                    valid.add(template.replace("{{ personality }}", e.getValue().asText()));
                }
            }
        }
        return valid;
    }

    /** Whether {@code version} (e.g. {@code 0.160.1}) is at least {@code minimal}; no minimal means yes. */
    static boolean versionMeets(String version, String minimal) {
        if (minimal == null || minimal.isBlank()) {
            return true;
        }
        int[] v = parseVersion(version);
        int[] m = parseVersion(minimal);
        for (int i = 0; i < 3; i++) {
            if (v[i] != m[i]) {
                return v[i] > m[i];
            }
        }
        return true;
    }

    /** {@code x.y.z} with anything non-numeric ignored; a missing or garbled version counts as 0.0.0. */
    static int[] parseVersion(String version) {
        int[] parts = new int[3];
        if (version == null) {
            return parts;
        }
        String[] pieces = version.trim().replaceFirst("^[^0-9]*", "").split("[.]");
        for (int i = 0; i < Math.min(3, pieces.length); i++) {
            String digits = pieces[i].replaceFirst("[^0-9].*$", "");
            try {
                parts[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                parts[i] = 0;
            }
        }
        return parts;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
