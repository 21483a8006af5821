package dev.codexauth.codex.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.token.Credentials;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from what is about to be logged (SPEC §9): header values that authenticate
 * ({@code Authorization}, the account id, cookies), JSON fields that carry tokens, codes, PKCE
 * verifiers or OAuth state, anything shaped like a JWT, and every secret it was told about
 * verbatim. Redaction is on purpose, not by luck: the logs of this library pass through it
 * whatever they contain. Immutable and thread-safe.
 */
public final class Redactor {

    /** What a removed secret is replaced with. */
    public static final String MASK = "[redacted]";

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "chatgpt-account-id", "cookie",
            "set-cookie", "x-api-key", "proxy-authorization");
    private static final Set<String> SECRET_FIELDS = Set.of("access_token", "refresh_token", "id_token", "accesstoken",
            "refreshtoken", "idtoken", "authorization", "code_verifier", "verifier", "token",
            "client_secret", "api_key", "password", "device_auth_id", "account_id", "chatgpt_account_id", "user_code");
    /** Fields that hold a secret in OAuth messages but a harmless word elsewhere ({@code "code":"rate_limit_exceeded"}). */
    private static final Set<String> SECRET_UNLESS_WORD = Set.of("code", "state");
    private static final Pattern WORD = Pattern.compile("[a-z_.]{1,60}");
    /** Three base64url segments of which the first two look like JSON objects: a JWT. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor that knows no particular secret (patterns and field names only). */
    public static Redactor standard() {
        return new Redactor(List.of());
    }

    /** This redactor, also removing every token of {@code credentials} and its account id wherever they appear. */
    public Redactor with(Credentials credentials) {
        List<String> more = new ArrayList<>();
        more.add(credentials.accessToken());
        more.add(credentials.refreshToken());
        if (credentials.idToken() != null) {
            more.add(credentials.idToken());
        }
        if (credentials.accountId() != null) {
            more.add(credentials.accountId());
        }
        return withSecrets(more);
    }

    /** This redactor, also removing each of {@code values} (shorter than 8 characters are ignored: too common to mask). */
    public Redactor withSecrets(Collection<String> values) {
        List<String> all = new ArrayList<>(secrets);
        values.stream().filter(v -> v != null && v.length() >= 8).forEach(all::add);
        // longest first, so a secret that contains another is masked whole
        all.sort((a, b) -> b.length() - a.length());
        return new Redactor(List.copyOf(all));
    }

    /** Free text (a console line, an exception message, an SSE payload) with secrets masked. */
    public String text(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        out = JWT.matcher(out).replaceAll(MASK);
        return BEARER.matcher(out).replaceAll("$1" + MASK);
    }

    /** Headers with authenticating values masked (cookies too) and the rest cleaned as text. */
    public Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> out.put(name,
                SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : text(value)));
        return out;
    }

    /** A deep copy of {@code json} with secret fields masked and every string cleaned as text. */
    public JsonNode json(JsonNode json) {
        if (json == null) {
            return null;
        }
        JsonNode copy = json.deepCopy();
        clean(copy);
        return copy;
    }

    private void clean(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                String key = name.toLowerCase(Locale.ROOT);
                boolean secret = SECRET_FIELDS.contains(key)
                        || (SECRET_UNLESS_WORD.contains(key) && value.isTextual() && !WORD.matcher(value.asText()).matches());
                if (secret && value.isValueNode() && !value.isNull()) {
                    object.put(name, MASK);
                } else if (value.isTextual()) {
                    object.put(name, text(value.asText()));
                } else {
                    clean(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, array.textNode(text(value.asText())));
                } else {
                    clean(value);
                }
            }
        }
    }
}
