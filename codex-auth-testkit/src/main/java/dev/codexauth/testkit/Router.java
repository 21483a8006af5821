package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dispatches every request: journal it (secrets masked), apply an armed fault, then hand it to
 * the issuer, backend, GitHub or control routes.
 */
final class Router implements HttpHandler {

    /** Field names whose values never enter the journal. */
    static final Set<String> SECRET_FIELDS = Set.of("code", "code_verifier", "refresh_token", "access_token",
            "id_token", "token", "authorization_code", "state", "device_auth_id", "client_secret", "request");

    private final Sandbox sandbox;
    private final IssuerRoutes issuer;
    private final BackendRoutes backend;
    private final GithubRoutes github;
    private final ControlRoutes control;

    Router(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.issuer = new IssuerRoutes(sandbox);
        this.backend = new BackendRoutes(sandbox);
        this.github = new GithubRoutes(sandbox);
        this.control = new ControlRoutes(sandbox);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Call call;
        try (InputStream in = exchange.getRequestBody()) {
            call = new Call(exchange, in.readAllBytes());
        }
        try {
            route(call);
        } catch (Abort abort) {
            // not closing the exchange: the JDK server drops the connection when a handler throws,
            // so a stream ends without its terminating chunk, as a cut connection does
            throw abort;
        } catch (UncheckedIOException e) {
            throw new Abort();
        } catch (RuntimeException e) {
            if (call.answered()) {
                throw new Abort();
            }
            call.json(500, Json.error("The sandbox failed: " + e.getClass().getSimpleName(), "server_error", null, null));
        }
        exchange.close();
    }

    private void route(Call call) {
        String path = call.path;
        if (path.startsWith("/__sandbox/")) {
            control.handle(call);
            return;
        }
        String endpoint = endpointOf(call);
        sandbox.journal.record(entry(call, endpoint));
        if (endpoint.equals(Endpoint.UNKNOWN)) {
            notFound(call);
            return;
        }
        String allowed = methodsOf(endpoint);
        if (allowed != null && !allowed.contains(call.method)) {
            IssuerRoutes.methodNotAllowed(call, allowed);
            return;
        }
        Optional<Fault> fault = sandbox.faults.take(endpoint);
        Fault shapingFault = null;
        if (fault.isPresent()) {
            Fault f = fault.get();
            if (f instanceof Fault.Delay d) {
                sleep(d.duration());
            } else if (f instanceof Fault.CloseWithoutResponse) {
                throw new Abort();
            } else if (f instanceof Fault.Status || f instanceof Fault.UsageLimit || f instanceof Fault.Unauthorized) {
                answerFault(call, endpoint, f);
                return;
            } else {
                shapingFault = f;
            }
        }
        switch (endpoint) {
            case Endpoint.AUTHORIZE -> issuer.authorize(call, shapingFault instanceof Fault.MissingCodexEntitlement);
            case Endpoint.TOKEN_AUTHORIZATION_CODE, Endpoint.TOKEN_REFRESH -> issuer.token(call);
            case Endpoint.REVOKE -> issuer.revoke(call);
            case Endpoint.DEVICE_USERCODE -> issuer.deviceUserCode(call);
            case Endpoint.DEVICE_TOKEN -> issuer.deviceToken(call);
            case Endpoint.DEVICE_PAGE -> issuer.devicePage(call);
            case Endpoint.JWKS -> issuer.jwks(call);
            case Endpoint.RESPONSES -> backend.responses(call, shapingFault);
            case Endpoint.MODELS -> backend.models(call);
            case Endpoint.USAGE -> backend.usage(call);
            case Endpoint.GITHUB_LATEST -> github.latest(call);
            case Endpoint.GITHUB_RELEASE_PAGE -> github.releasePage(call);
            case Endpoint.GITHUB_CATALOG -> github.catalogFile(call);
            case Endpoint.GITHUB_PROMPT -> github.promptFile(call);
            default -> notFound(call);
        }
    }

    /** Which endpoint a request is for; the token endpoint is told apart by its grant type. */
    static String endpointOf(Call call) {
        String p = call.path;
        if (p.equals("/oauth/authorize")) {
            return Endpoint.AUTHORIZE;
        }
        if (p.equals("/oauth/token")) {
            Map<String, String> fields = call.fields();
            String grant = fields == null ? null : fields.get("grant_type");
            if ("refresh_token".equals(grant)) {
                return Endpoint.TOKEN_REFRESH;
            }
            // any other grant counts here too; the token route answers it 400 unsupported_grant_type
            return Endpoint.TOKEN_AUTHORIZATION_CODE;
        }
        if (p.equals("/oauth/revoke")) {
            return Endpoint.REVOKE;
        }
        if (p.equals("/api/accounts/deviceauth/usercode")) {
            return Endpoint.DEVICE_USERCODE;
        }
        if (p.equals("/api/accounts/deviceauth/token")) {
            return Endpoint.DEVICE_TOKEN;
        }
        if (p.equals("/codex/device") || p.equals("/deviceauth/callback")) {
            return Endpoint.DEVICE_PAGE;
        }
        if (p.equals("/.well-known/jwks.json")) {
            return Endpoint.JWKS;
        }
        if (p.equals("/backend-api/codex/responses")) {
            return Endpoint.RESPONSES;
        }
        if (p.equals("/backend-api/codex/models")) {
            return Endpoint.MODELS;
        }
        if (p.equals("/backend-api/wham/usage")) {
            return Endpoint.USAGE;
        }
        if (p.equals("/github-api/repos/openai/codex/releases/latest")) {
            return Endpoint.GITHUB_LATEST;
        }
        if (p.equals("/github/openai/codex/releases/latest") || p.startsWith("/github/openai/codex/releases/tag/")) {
            return Endpoint.GITHUB_RELEASE_PAGE;
        }
        if (p.startsWith("/github-raw/openai/codex/")) {
            if (p.endsWith("/codex-rs/models-manager/models.json") || p.endsWith("/codex-rs/core/models.json")) {
                return Endpoint.GITHUB_CATALOG;
            }
            if (p.matches("/github-raw/openai/codex/[^/]+/codex-rs/core/[^/]+")) {
                return Endpoint.GITHUB_PROMPT;
            }
        }
        return Endpoint.UNKNOWN;
    }

    /** The methods an endpoint answers, or null when its route decides. */
    private static String methodsOf(String endpoint) {
        return switch (endpoint) {
            case Endpoint.RESPONSES, Endpoint.TOKEN_AUTHORIZATION_CODE, Endpoint.TOKEN_REFRESH, Endpoint.REVOKE,
                    Endpoint.DEVICE_USERCODE, Endpoint.DEVICE_TOKEN -> "POST";
            case Endpoint.MODELS, Endpoint.USAGE, Endpoint.JWKS, Endpoint.GITHUB_LATEST, Endpoint.GITHUB_RELEASE_PAGE,
                    Endpoint.GITHUB_CATALOG, Endpoint.GITHUB_PROMPT -> "GET, HEAD";
            default -> null;
        };
    }

    private void answerFault(Call call, String endpoint, Fault f) {
        Instant now = sandbox.clock.instant();
        boolean backendEndpoint = endpoint.equals(Endpoint.RESPONSES) || endpoint.equals(Endpoint.MODELS)
                || endpoint.equals(Endpoint.USAGE);
        call.responseHeaders().set("x-request-id", "req_" + TokenAuthority.random(12));
        if (f instanceof Fault.UsageLimit u) {
            Instant resetsAt = now.plus(u.resetsIn());
            if (u.type().equals("usage_limit_reached")) {
                sandbox.usage.limitReached(resetsAt);
            }
            sandbox.usage.writeHeaders(call.responseHeaders(), now);
            ObjectNode root = Json.object();
            ObjectNode error = root.putObject("error");
            error.put("type", u.type());
            if (u.type().equals("usage_limit_reached")) {
                error.put("message", "The usage limit has been reached");
                error.put("plan_type", sandbox.account().planType());
                error.put("resets_at", resetsAt.getEpochSecond());
                error.put("resets_in_seconds", u.resetsIn().toSeconds());
                error.putNull("eligible_promo");
                error.put("limit_window_minutes", 300);
            } else {
                error.put("message", "To use Codex with your ChatGPT plan, upgrade to Plus: https://openai.com/chatgpt/pricing.");
                error.put("plan_type", "free");
            }
            error.put("code", u.type());
            call.json(u.status(), root);
            return;
        }
        if (backendEndpoint) {
            sandbox.usage.writeHeaders(call.responseHeaders(), now);
        }
        if (f instanceof Fault.Unauthorized) {
            call.json(401, Json.error("Your authentication token has expired. Please try signing in again.",
                    "invalid_request_error", null, "token_expired"));
            return;
        }
        Fault.Status s = (Fault.Status) f;
        String message = s.message() != null ? s.message()
                : s.status() >= 500 ? "An error occurred while processing your request. You can retry your request."
                : "The sandbox was told to answer " + s.status() + ".";
        String type = s.status() >= 500 ? "server_error" : "invalid_request_error";
        call.json(s.status(), Json.error(message, type, null, s.code()));
    }

    private static void notFound(Call call) {
        call.json(404, Json.detail("Not Found"));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abort();
        }
    }

    // --- the journal, with secrets masked ---

    private JournalEntry entry(Call call, String endpoint) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        call.exchange.getRequestHeaders().forEach((name, values) -> {
            String value = values.isEmpty() ? "" : values.get(0);
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("authorization")) {
                value = value.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer ***" : "***";
            } else if (lower.equals("cookie") || lower.equals("x-api-key")) {
                value = "***";
            }
            headers.put(lower, value);
        });
        String path = call.path + (call.rawQuery == null ? "" : "?" + maskQuery(call.rawQuery));
        boolean backend = call.path.startsWith("/backend-api/");
        String body = backend ? new String(call.body, StandardCharsets.UTF_8) : maskBody(call);
        return new JournalEntry(sandbox.clock.instant(), call.method, path, endpoint,
                Collections.unmodifiableMap(headers), body);
    }

    private static String maskQuery(String raw) {
        StringBuilder out = new StringBuilder();
        for (String pair : raw.split("&")) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            out.append(eq >= 0 && SECRET_FIELDS.contains(key) ? key + "=***" : pair);
        }
        return out.toString();
    }

    private static String maskBody(Call call) {
        if (call.body.length == 0) {
            return "";
        }
        if (call.isJsonBody()) {
            JsonNode node = Json.parseOrNull(call.body);
            if (node == null || !node.isObject()) {
                return "<" + call.body.length + " bytes, not a JSON object>";
            }
            ObjectNode copy = (ObjectNode) node.deepCopy();
            for (String field : List.copyOf(SECRET_FIELDS)) {
                if (copy.has(field)) {
                    copy.put(field, "***");
                }
            }
            return Json.text(copy);
        }
        return maskQuery(new String(call.body, StandardCharsets.UTF_8));
    }

    /** Ends the exchange without a (complete) response: the JDK server closes the connection. */
    static final class Abort extends RuntimeException {
        Abort() {
            super("connection dropped on purpose", null, false, false);
        }
    }
}
