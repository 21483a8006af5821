package dev.codexauth.auth;

import dev.codexauth.config.Settings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One browser sign-in's authorize URL with the secrets that belong to it (SPEC §2). Every sign-in
 * makes its own: a fresh state, a fresh PKCE pair, its own URL. {@code toString()} shows only the
 * redirect URI: the URL carries the state, which is for the browser, not for logs.
 *
 * @param url         {@code {issuer}/oauth/authorize?...}, to open in the browser
 * @param redirectUri where the issuer sends the browser back, e.g. {@code http://localhost:1455/auth/callback}
 * @param state       at least 16 random bytes, base64url; must come back unchanged
 * @param pkce        the PKCE pair; the verifier is spent on the code exchange
 */
public record AuthorizationRequest(URI url, URI redirectUri, String state, Pkce pkce) {

    /** The scope the Codex CLI asks for today (the 2025 plugin's first four are accepted too). */
    public static final String SCOPE = "openid profile email offline_access api.connectors.read api.connectors.invoke";
    static final int STATE_BYTES = 32;

    public AuthorizationRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pkce, "pkce");
    }

    /** A new sign-in for {@code redirectUri} with a fresh state and PKCE pair. */
    public static AuthorizationRequest create(Settings settings, URI redirectUri, SecureRandom random) {
        return of(settings, redirectUri, Pkce.randomBase64Url(random, STATE_BYTES), Pkce.generate(random));
    }

    /**
     * The request for a given state and PKCE pair. The query parameters come in the Codex CLI's order:
     * response_type, client_id, redirect_uri, scope, code_challenge, code_challenge_method,
     * id_token_add_organizations, codex_cli_simplified_flow, state, originator, and allowed_workspace_id
     * when the user restricts the workspace.
     */
    public static AuthorizationRequest of(Settings settings, URI redirectUri, String state, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", SCOPE);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", Pkce.METHOD);
        query.put("id_token_add_organizations", "true");
        query.put("codex_cli_simplified_flow", "true");
        query.put("state", state);
        query.put("originator", settings.originator());
        if (!settings.allowedWorkspaceIds().isEmpty()) {
            query.put("allowed_workspace_id", String.join(",", settings.allowedWorkspaceIds()));
        }
        StringBuilder url = new StringBuilder(stripSlash(settings.issuer().toString())).append("/oauth/authorize");
        char separator = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            url.append(separator).append(e.getKey()).append('=').append(encode(e.getValue()));
            separator = '&';
        }
        return new AuthorizationRequest(URI.create(url.toString()), redirectUri, state, pkce);
    }

    /** The loopback redirect URI on {@code port}: {@code http://localhost:<port>/auth/callback}. */
    public static URI loopbackRedirectUri(int port) {
        return URI.create("http://localhost:" + port + "/auth/callback");
    }

    /** Whether {@code candidate} is this sign-in's state, compared in constant time. */
    public boolean stateMatches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Percent-encoding of a query value: {@code :} and {@code /} encoded, a space as {@code %20}. */
    static String encode(String value) {
        // URLEncoder writes a space as '+' and a literal '+' as %2B, so every '+' left is a space.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[redirectUri=" + redirectUri + ", <state and PKCE redacted>]";
    }
}
