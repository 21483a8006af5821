package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * The OAuth issuer (SPEC §2-§3): the consent page, the token endpoint, revocation, the device-code
 * endpoints and page, and the published key set.
 */
final class IssuerRoutes {

    private final Sandbox sandbox;
    private final Map<String, PendingConsent> pending = new HashMap<>();

    IssuerRoutes(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    // --- /oauth/token ---

    void token(Call call) {
        if (!requirePost(call)) {
            return;
        }
        call.responseHeaders().set("Cache-Control", "no-store");
        Map<String, String> f = call.fields();
        if (f == null) {
            call.json(400, Json.error("The request body must be form-encoded or a JSON object.",
                    "invalid_request_error", null, "invalid_request"));
            return;
        }
        if (!sandbox.config.clientId.equals(f.get("client_id"))) {
            call.json(401, Json.error("Unknown or missing client_id.", "invalid_request_error", "client_id", "invalid_client"));
            return;
        }
        String grant = f.get("grant_type");
        TokenAuthority.Outcome outcome;
        if ("authorization_code".equals(grant)) {
            if (f.get("code") == null || f.get("code_verifier") == null || f.get("redirect_uri") == null) {
                call.json(400, Json.error("code, code_verifier and redirect_uri are required.",
                        "invalid_request_error", null, "invalid_request"));
                return;
            }
            outcome = sandbox.tokens.exchangeCode(f.get("code"), f.get("code_verifier"), f.get("redirect_uri"));
        } else if ("refresh_token".equals(grant)) {
            if (f.get("refresh_token") == null) {
                call.json(400, Json.error("refresh_token is required.", "invalid_request_error", "refresh_token",
                        "invalid_request"));
                return;
            }
            outcome = sandbox.tokens.refresh(f.get("refresh_token"));
        } else {
            call.json(400, Json.error("Unsupported grant_type; use authorization_code or refresh_token.",
                    "invalid_request_error", "grant_type", "unsupported_grant_type"));
            return;
        }
        if (outcome.tokens() == null) {
            call.json(outcome.status(), Json.error(outcome.message(), "invalid_request_error", null, outcome.code()));
            return;
        }
        TokenAuthority.Tokens t = outcome.tokens();
        ObjectNode body = Json.object();
        body.put("access_token", t.accessToken());
        body.put("refresh_token", t.refreshToken());
        body.put("id_token", t.idToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", t.expiresIn().toSeconds());
        body.put("scope", "openid profile email offline_access");
        call.json(200, body);
    }

    // --- /oauth/revoke ---

    void revoke(Call call) {
        if (!requirePost(call)) {
            return;
        }
        Map<String, String> f = call.fields();
        if (f == null || f.get("token") == null) {
            call.json(400, Json.error("token is required.", "invalid_request_error", "token", "invalid_request"));
            return;
        }
        if (f.get("client_id") != null && !sandbox.config.clientId.equals(f.get("client_id"))) {
            call.json(401, Json.error("Unknown client_id.", "invalid_request_error", "client_id", "invalid_client"));
            return;
        }
        sandbox.tokens.revoke(f.get("token"));
        call.json(200, Json.object());
    }

    // --- /.well-known/jwks.json ---

    void jwks(Call call) {
        call.responseHeaders().set("Cache-Control", "public, max-age=3600");
        call.send(200, "application/json", sandbox.tokens.jwks().getBytes(StandardCharsets.UTF_8));
    }

    // --- /oauth/authorize ---

    void authorize(Call call, boolean missingEntitlement) {
        if (call.method.equals("POST")) {
            decide(call, missingEntitlement);
            return;
        }
        if (!call.method.equals("GET")) {
            methodNotAllowed(call, "GET, POST");
            return;
        }
        Map<String, String> q = call.query;
        if (!sandbox.config.clientId.equals(q.get("client_id"))) {
            call.html(400, page("Unknown application", "The client_id of this sign-in link is not known to this issuer."));
            return;
        }
        String redirect = q.get("redirect_uri");
        if (!redirectAllowed(redirect)) {
            call.html(400, page("Redirect URI not allowed", "The redirect_uri of this sign-in link is not on the "
                    + "allow-list (http://localhost:" + ports() + "/auth/callback)."));
            return;
        }
        String state = q.get("state");
        if (!"code".equals(q.get("response_type"))) {
            call.redirect(withParams(redirect, "error", "unsupported_response_type",
                    "error_description", "response_type must be code", "state", state));
            return;
        }
        String challenge = q.get("code_challenge");
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
            call.redirect(withParams(redirect, "error", "invalid_request",
                    "error_description", "code_challenge is required (base64url SHA-256, 43 characters)", "state", state));
            return;
        }
        if (!"S256".equals(q.get("code_challenge_method"))) {
            call.redirect(withParams(redirect, "error", "invalid_request",
                    "error_description", "code_challenge_method must be S256", "state", state));
            return;
        }
        if (missingEntitlement) {
            call.redirect(withParams(redirect, "error", "access_denied",
                    "error_description", "missing_codex_entitlement", "state", state));
            return;
        }
        if (sandbox.config.autoApprove) {
            call.redirect(withParams(redirect, "code", sandbox.tokens.issueCode(redirect, challenge), "state", state));
            return;
        }
        String requestId = TokenAuthority.random(18);
        synchronized (pending) {
            pending.put(requestId, new PendingConsent(redirect, challenge, state));
        }
        call.html(200, consentPage(requestId, q.get("scope")));
    }

    private void decide(Call call, boolean missingEntitlement) {
        Map<String, String> f = call.fields();
        PendingConsent consent;
        synchronized (pending) {
            consent = f == null ? null : pending.remove(f.get("request"));
        }
        if (consent == null) {
            call.html(400, page("Sign-in expired", "This sign-in request is unknown or was already answered. "
                    + "Start the sign-in again from your terminal."));
            return;
        }
        if (missingEntitlement) {
            call.redirect(withParams(consent.redirectUri, "error", "access_denied",
                    "error_description", "missing_codex_entitlement", "state", consent.state));
        } else if ("allow".equals(f.get("decision"))) {
            call.redirect(withParams(consent.redirectUri, "code",
                    sandbox.tokens.issueCode(consent.redirectUri, consent.challenge), "state", consent.state));
        } else {
            call.redirect(withParams(consent.redirectUri, "error", "access_denied",
                    "error_description", "The user denied access.", "state", consent.state));
        }
    }

    boolean redirectAllowed(String redirect) {
        if (redirect == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(redirect);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null) {
            return false;
        }
        if (sandbox.config.anyLoopbackRedirectPort) {
            return dev.codexauth.config.Settings.isLoopback(uri.getHost()) && uri.getPort() > 0;
        }
        return uri.getHost().equals("localhost") && sandbox.config.redirectPorts.contains(uri.getPort())
                && "/auth/callback".equals(uri.getPath());
    }

    private String ports() {
        return sandbox.config.redirectPorts.toString().replaceAll("[\\[\\] ]", "").replace(",", "|");
    }

    private String consentPage(String requestId, String scope) {
        SandboxAccount a = sandbox.account();
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in to Codex</title></head><body>"
                + "<h1>Sign in to Codex</h1>"
                + "<p id=\"account\">Signed in as " + escape(a.email()) + " (" + escape(a.planType()) + " plan)</p>"
                + "<p>Codex CLI wants to access your ChatGPT account"
                + (scope == null ? "" : " with the scopes <code id=\"scope\">" + escape(scope) + "</code>") + ".</p>"
                + "<form id=\"consent\" method=\"post\" action=\"/oauth/authorize\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + requestId + "\">"
                + "<button id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> "
                + "<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
                + "</form></body></html>";
    }

    // --- device code (SPEC §2) ---

    void deviceUserCode(Call call) {
        if (!requirePost(call)) {
            return;
        }
        if (!sandbox.deviceLoginEnabled()) {
            call.json(404, Json.error("Device code login is not enabled for this account. Enable it in ChatGPT "
                    + "settings → Security.", "invalid_request_error", null, "device_auth_disabled"));
            return;
        }
        Map<String, String> f = call.fields();
        if (f == null || !sandbox.config.clientId.equals(f.get("client_id"))) {
            call.json(400, Json.error("Unknown or missing client_id.", "invalid_request_error", "client_id", "invalid_client"));
            return;
        }
        DeviceLogins.Device d = sandbox.devices.start();
        ObjectNode body = Json.object();
        body.put("device_auth_id", d.id);
        body.put("user_code", d.userCode);
        body.put("interval", Long.toString(sandbox.config.deviceInterval.toSeconds()));
        body.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(d.expiresAt));
        call.json(200, body);
    }

    void deviceToken(Call call) {
        if (!requirePost(call)) {
            return;
        }
        Map<String, String> f = call.fields();
        DeviceLogins.Poll poll = sandbox.devices.poll(f == null ? null : f.get("device_auth_id"),
                f == null ? null : f.get("user_code"));
        switch (poll.state()) {
            case UNKNOWN -> call.json(404, Json.error("Device authorization not found.", "invalid_request_error",
                    null, "deviceauth_not_found"));
            case PENDING -> call.json(403, Json.error("Device authorization is pending: the user has not approved "
                    + "the code yet.", "invalid_request_error", null, "deviceauth_authorization_pending"));
            case EXPIRED -> call.json(400, Json.error("The device code has expired. Start the sign-in again.",
                    "invalid_request_error", null, "device_code_expired"));
            case DENIED -> call.json(400, Json.error("The user denied the sign-in.", "invalid_request_error",
                    null, "access_denied"));
            case APPROVED -> {
                ObjectNode body = Json.object();
                body.put("authorization_code", poll.code());
                body.put("code_challenge", poll.challenge());
                body.put("code_verifier", poll.verifier());
                call.json(200, body);
            }
        }
    }

    void devicePage(Call call) {
        if (call.path.equals("/deviceauth/callback")) {
            call.html(200, page("Signed in", "You are signed in to Codex. You can close this page."));
            return;
        }
        if (call.method.equals("GET")) {
            String prefill = call.param("user_code") == null ? "" : call.param("user_code");
            call.html(200, "<!doctype html><html><head><meta charset=\"utf-8\"><title>Codex device sign-in</title>"
                    + "</head><body><h1>Sign in a device to Codex</h1>"
                    + "<p>Enter the code shown in your terminal.</p>"
                    + "<form id=\"device\" method=\"post\" action=\"/codex/device\">"
                    + "<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" value=\"" + escape(prefill) + "\"> "
                    + "<button id=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Continue</button> "
                    + "<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
                    + "</form></body></html>");
            return;
        }
        if (!call.method.equals("POST")) {
            methodNotAllowed(call, "GET, POST");
            return;
        }
        Map<String, String> f = call.fields();
        String code = f == null ? null : f.get("user_code");
        boolean deny = f != null && "deny".equals(f.get("decision"));
        boolean done = deny ? sandbox.devices.deny(code) : sandbox.approveDeviceCode(code);
        if (!done) {
            call.html(400, page("Code not recognised", "That code is unknown, already used or expired. "
                    + "Check the code in your terminal or start the sign-in again."));
        } else if (deny) {
            call.html(200, page("Sign-in denied", "The device was not signed in."));
        } else {
            call.html(200, page("Device approved", "Return to your terminal: the sign-in will finish there."));
        }
    }

    // --- helpers ---

    private static boolean requirePost(Call call) {
        if (!call.method.equals("POST")) {
            methodNotAllowed(call, "POST");
            return false;
        }
        return true;
    }

    static void methodNotAllowed(Call call, String allow) {
        call.responseHeaders().set("Allow", allow);
        call.json(405, Json.detail("Method Not Allowed"));
    }

    static String withParams(String base, String... pairs) {
        StringBuilder b = new StringBuilder(base);
        char sep = base.contains("?") ? '&' : '?';
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            b.append(sep).append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    static String page(String title, String text) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body>"
                + "<h1>" + escape(title) + "</h1><p id=\"message\">" + escape(text) + "</p></body></html>";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private record PendingConsent(String redirectUri, String challenge, String state) {
        @Override
        public String toString() {
            return "PendingConsent[<redacted>]";
        }
    }
}
