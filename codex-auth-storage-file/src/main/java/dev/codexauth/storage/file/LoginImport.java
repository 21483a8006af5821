package dev.codexauth.storage.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.auth.TokenClaims;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a login that another program already holds, so the user need not sign in again: the Codex
 * CLI's {@code $CODEX_HOME/auth.json} (default {@code ~/.codex/auth.json}) or OpenCode's
 * {@code ~/.local/share/opencode/auth.json} (SPEC §5). Those files are only read, never changed; the
 * caller saves the returned credentials in its own store.
 *
 * <p>When a file gives no expiry, it is the access token's {@code exp}; when it gives no account id,
 * it is the {@code chatgpt_account_id} claim of the id token, else of the access token. Failures are
 * {@link StoreException}s that name the file and never contain a token. Stateless and thread-safe.
 */
public final class LoginImport {

    private LoginImport() {
    }

    /** {@code $CODEX_HOME/auth.json}, or {@code <user.home>/.codex/auth.json} when {@code CODEX_HOME} is unset. */
    public static Path codexCliFile(Map<String, String> environment, Path userHome) {
        String codexHome = environment.get("CODEX_HOME");
        Path home = codexHome == null || codexHome.isBlank() ? userHome.resolve(".codex") : Path.of(codexHome);
        return home.resolve("auth.json");
    }

    /** The Codex CLI's file for this process's environment and user. */
    public static Path codexCliFile() {
        return codexCliFile(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** {@code $XDG_DATA_HOME/opencode/auth.json}, or {@code <user.home>/.local/share/opencode/auth.json}. */
    public static Path openCodeFile(Map<String, String> environment, Path userHome) {
        String dataHome = environment.get("XDG_DATA_HOME");
        Path data = dataHome == null || dataHome.isBlank() ? userHome.resolve(".local").resolve("share") : Path.of(dataHome);
        return data.resolve("opencode").resolve("auth.json");
    }

    /** OpenCode's file for this process's environment and user. */
    public static Path openCodeFile() {
        return openCodeFile(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The ChatGPT login in a Codex CLI {@code auth.json}:
     * {@code {"auth_mode":"chatgpt","tokens":{"id_token","access_token","refresh_token","account_id"},"last_refresh"}}.
     *
     * @throws StoreException when the file is missing, unreadable, holds an API key instead, or its tokens are malformed
     */
    public static Credentials fromCodexCli(Path file) {
        ObjectNode root = readObject(file, "Codex CLI");
        JsonNode tokens = root.get("tokens");
        if (tokens == null || !tokens.isObject()) {
            boolean apiKey = root.path("OPENAI_API_KEY").isTextual();
            throw failure(file, apiKey
                    ? "it holds an API key, not a ChatGPT sign-in; an API key cannot be used with the Codex backend here"
                    : "it holds no ChatGPT tokens");
        }
        String access = requiredText(file, tokens, "access_token");
        String refresh = requiredText(file, tokens, "refresh_token");
        String idToken = optionalText(tokens, "id_token");
        String accountId = optionalText(tokens, "account_id");
        Instant expiresAt = expiryOf(file, access);
        if (accountId == null) {
            accountId = OpenCodeRecord.accountIdOf(idToken, access);
        }
        return new Credentials(access, refresh, idToken, expiresAt, accountId);
    }

    /**
     * The OpenAI login in OpenCode's {@code auth.json}: {@code {"openai": {<record>}, "<other provider>": {...}}},
     * each record in the shape the file store writes. Unknown fields of the record come along as extras.
     *
     * @throws StoreException when the file is missing or unreadable, has no OpenAI sign-in, or its tokens are malformed
     */
    public static Credentials fromOpenCode(Path file) {
        ObjectNode root = readObject(file, "OpenCode");
        JsonNode record = root.get("openai");
        if (record == null || !record.isObject()) {
            List<String> providers = new ArrayList<>();
            root.fieldNames().forEachRemaining(name -> providers.add(name.matches("[A-Za-z0-9_.-]{1,40}") ? name : "?"));
            throw failure(file, "it holds no OpenAI login" + (providers.isEmpty() ? "" : " (only " + String.join(", ", providers) + ")"));
        }
        ObjectNode openai = (ObjectNode) record;
        if (openai.has("access")) {
            expiryOf(file, openai.get("access").asText()); // a malformed access token is an error, even with 'expires'
        }
        try {
            return OpenCodeRecord.fromObject(openai);
        } catch (OpenCodeRecord.Unreadable e) {
            throw failure(file, "its OpenAI entry cannot be used: " + e.getMessage());
        }
    }

    private static ObjectNode readObject(Path file, String program) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(OpenCodeRecord.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new StoreException("No " + program + " login found: " + file + " does not exist. Sign in with "
                    + program + " first, or sign in here directly.", Recovery.SIGN_IN, null);
        } catch (IOException e) {
            throw new StoreException("Could not read " + file + " (" + e.getMessage() + ").", e);
        }
        try {
            return OpenCodeRecord.parseObject(bytes);
        } catch (OpenCodeRecord.Unreadable e) {
            throw failure(file, e.getMessage());
        }
    }

    private static Instant expiryOf(Path file, String accessToken) {
        TokenClaims claims = TokenClaims.ifReadable(accessToken).orElseThrow(() -> failure(file,
                "its access token cannot be read (it is not a JWT whose payload is a base64 JSON object)"));
        // a token without exp counts as expired, so the first use refreshes it
        return claims.expiresAt() == null ? Instant.EPOCH : claims.expiresAt();
    }

    private static String requiredText(Path file, JsonNode tokens, String field) {
        String value = optionalText(tokens, field);
        if (value == null || value.isEmpty()) {
            throw failure(file, "its tokens have no '" + field + "'");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static StoreException failure(Path file, String reason) {
        return new StoreException("Cannot import the login in " + file + ": " + reason
                + ". The file was left as it is; sign in here directly instead.", Recovery.SIGN_IN, null);
    }
}
