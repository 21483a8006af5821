package dev.codexauth.auth;

import dev.codexauth.error.LoginException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What came back from the authorize step: the redirect's query parameters, whether they reached the
 * loopback callback or the user pasted them (SPEC §2). {@code toString()} shows no code or state.
 *
 * @param code             the authorization code, or null
 * @param state            the state as returned, or null when the input carried none (a bare code)
 * @param error            the OAuth {@code error}, e.g. {@code access_denied}, or null
 * @param errorDescription the issuer's {@code error_description}, or null
 */
public record AuthorizationResponse(String code, String state, String error, String errorDescription) {

    /** The parameters of a redirect's raw query string ({@code code=..&state=..}). */
    public static AuthorizationResponse fromQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.putIfAbsent(name, value);
            }
        }
        return new AuthorizationResponse(blankToNull(params.get("code")), blankToNull(params.get("state")),
                blankToNull(params.get("error")), blankToNull(params.get("error_description")));
    }

    /**
     * What a user pasted after opening the authorize URL elsewhere: the full redirect URL the browser
     * ended on, {@code code#state}, a query string {@code code=..&state=..}, or a bare code.
     *
     * @throws LoginException when nothing usable was pasted
     */
    public static AuthorizationResponse fromPasted(String pasted) {
        String text = pasted == null ? "" : pasted.strip();
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'"))) {
            text = text.substring(1, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
            throw new LoginException("Nothing was pasted. Paste the whole address the browser ended on "
                    + "(it starts with http://localhost:1455/auth/callback?code=).");
        }
        AuthorizationResponse response;
        if (text.contains("://")) {
            response = fromUrl(text);
        } else if (text.startsWith("?") || text.contains("=")) {
            response = fromQuery(text.startsWith("?") ? text.substring(1) : text);
        } else if (text.contains("#")) {
            int hash = text.indexOf('#');
            response = new AuthorizationResponse(blankToNull(text.substring(0, hash)),
                    blankToNull(text.substring(hash + 1)), null, null);
        } else if (text.chars().anyMatch(Character::isWhitespace)) {
            throw new LoginException("The pasted text is not a sign-in address or code. Paste the whole address "
                    + "the browser ended on.");
        } else {
            response = new AuthorizationResponse(text, null, null, null);
        }
        if (response.error() == null && response.code() == null) {
            throw new LoginException("The pasted text has no authorization code. Paste the whole address the "
                    + "browser ended on after you approved the sign-in.");
        }
        return response;
    }

    private static AuthorizationResponse fromUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // Not attached: the message quotes the input, which holds the code.
            throw new LoginException("The pasted address is not a valid URL. Paste the whole address the browser "
                    + "ended on, without changes.");
        }
        AuthorizationResponse query = fromQuery(uri.getRawQuery());
        if (query.code() == null && query.error() == null && uri.getRawFragment() != null) {
            return fromQuery(uri.getRawFragment());
        }
        return query;
    }

    /** Whether the issuer reported a failure instead of a code. */
    public boolean isError() {
        return error != null;
    }

    /**
     * A plain message for a reported failure. {@code access_denied} with {@code missing_codex_entitlement}
     * means Codex is not enabled for the user's workspace, and says so.
     */
    public String failureMessage() {
        String description = errorDescription == null ? "" : errorDescription;
        if ("access_denied".equals(error) && (description.contains("missing_codex_entitlement"))) {
            return "Codex is not enabled for your ChatGPT workspace (missing_codex_entitlement). Ask your workspace "
                    + "admin to enable Codex, or sign in with another workspace or account.";
        }
        if ("access_denied".equals(error)) {
            return "The sign-in was denied in the browser (access_denied" + describe(description) + "). "
                    + "Start the sign-in again and choose Allow.";
        }
        return "The sign-in server reported an error (" + shownError() + describe(description) + "). Start the sign-in again.";
    }

    /** The error code when it looks like one (OAuth codes are lowercase words); a mangled paste may hold a code. */
    private String shownError() {
        return error != null && error.matches("[a-z_]{1,64}") ? error : "an unrecognised error";
    }

    private static String describe(String description) {
        // Descriptions come from the issuer; keep them short and on one line.
        String clean = description.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (clean.isEmpty()) {
            return "";
        }
        return ": " + (clean.length() > 200 ? clean.substring(0, 200) + "…" : clean);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "AuthorizationResponse[code=" + (code == null ? "absent" : "<redacted>") + ", state="
                + (state == null ? "absent" : "<redacted>") + ", error=" + (error == null ? null : shownError()) + "]";
    }
}
