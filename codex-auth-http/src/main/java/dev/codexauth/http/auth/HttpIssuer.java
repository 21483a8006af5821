package dev.codexauth.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.auth.DeviceCode;
import dev.codexauth.auth.Issuer;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.codex.ClientIdentity;
import dev.codexauth.config.Settings;
import dev.codexauth.error.LoginException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.HttpTransport.Reply;
import dev.codexauth.http.auth.IssuerErrors.Call;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * The OAuth issuer over HTTP (SPEC §2-§3) on the application's shared {@link HttpTransport}: code
 * exchange (form body), refresh and revoke (JSON bodies), and the device-code endpoints. Nothing is
 * retried here: the caller knows what is safe to repeat (a refresh token is single-use). Errors are
 * classified as {@link Issuer} describes and never quote a token, code or verifier. Thread-safe.
 */
public final class HttpIssuer implements Issuer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType FORM = ContentType.create("application/x-www-form-urlencoded");
    private static final ContentType JSON_TYPE = ContentType.create("application/json");
    /** Used when the issuer names no polling interval. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final HttpTransport transport;
    private final String base;
    private final String clientId;
    private final String userAgent;

    private HttpIssuer(HttpTransport transport, Settings settings) {
        this.transport = Objects.requireNonNull(transport, "transport");
        String issuer = settings.issuer().toString();
        this.base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.clientId = settings.clientId();
        this.userAgent = ClientIdentity.of(settings).userAgent();
    }

    /** The issuer of {@code settings} ({@link Settings#issuer()}, {@link Settings#clientId()}), over {@code transport}. */
    public static HttpIssuer create(HttpTransport transport, Settings settings) {
        return new HttpIssuer(transport, settings);
    }

    /** {@code {issuer}/oauth/authorize}. */
    public URI authorizeEndpoint() {
        return endpoint("/oauth/authorize");
    }

    /** {@code {issuer}/codex/device}: the page where the user enters a device code. */
    public URI devicePage() {
        return endpoint("/codex/device");
    }

    /** {@code {issuer}/deviceauth/callback}: the redirect URI of a device sign-in's code exchange. */
    public URI deviceRedirectUri() {
        return endpoint("/deviceauth/callback");
    }

    @Override
    public TokenResponse exchangeCode(String code, String codeVerifier, URI redirectUri) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", clientId);
        form.put("code", code);
        form.put("code_verifier", codeVerifier);
        form.put("redirect_uri", redirectUri.toString());
        Reply reply = transport.send(post("/oauth/token", formBody(form), FORM));
        if (!reply.isSuccess()) {
            throw IssuerErrors.classify(reply, Call.CODE_EXCHANGE, List.of(code, codeVerifier));
        }
        return TokenResponses.parse(reply.body(), true);
    }

    @Override
    public TokenResponse refresh(String refreshToken) {
        Objects.requireNonNull(refreshToken, "refreshToken");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("client_id", clientId);
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        Reply reply = transport.send(post("/oauth/token", json(body), JSON_TYPE));
        if (!reply.isSuccess()) {
            throw IssuerErrors.classify(reply, Call.REFRESH, List.of(refreshToken));
        }
        return TokenResponses.parse(reply.body(), false);
    }

    @Override
    public void revoke(String refreshToken) {
        Objects.requireNonNull(refreshToken, "refreshToken");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("token", refreshToken);
        body.put("token_type_hint", "refresh_token");
        body.put("client_id", clientId);
        Reply reply = transport.send(post("/oauth/revoke", json(body), JSON_TYPE));
        if (!reply.isSuccess()) {
            throw IssuerErrors.classify(reply, Call.REVOKE, List.of(refreshToken));
        }
    }

    @Override
    public DeviceCode requestDeviceCode() {
        Map<String, String> body = Map.of("client_id", clientId);
        Reply reply = transport.send(post("/api/accounts/deviceauth/usercode", json(body), JSON_TYPE));
        if (reply.status() == 404) {
            throw new LoginException("Device code sign-in is turned off for this account. Turn it on in ChatGPT "
                    + "settings → Security, or sign in with a browser or by pasting the redirect URL instead.");
        }
        if (!reply.isSuccess()) {
            throw IssuerErrors.classify(reply, Call.DEVICE_CODE, List.of());
        }
        JsonNode json = IssuerErrors.readQuietly(reply.body());
        String deviceAuthId = text(json, "device_auth_id");
        String userCode = text(json, "user_code");
        if (userCode == null) {
            userCode = text(json, "usercode");
        }
        if (deviceAuthId == null || userCode == null) {
            throw new ProtocolException("The sign-in server's device code answer lacks the device id or the user code. "
                    + "Try again, or sign in with a browser.", Recovery.RETRY, null);
        }
        return new DeviceCode(deviceAuthId, userCode, interval(json == null ? null : json.get("interval")), devicePage());
    }

    @Override
    public Optional<DeviceApproval> pollDeviceCode(DeviceCode deviceCode) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("device_auth_id", deviceCode.deviceAuthId());
        body.put("user_code", deviceCode.userCode());
        Reply reply = transport.send(post("/api/accounts/deviceauth/token", json(body), JSON_TYPE));
        if (reply.status() == 403 || reply.status() == 404) {
            return Optional.empty();
        }
        if (!reply.isSuccess()) {
            String code = IssuerErrors.errorCode(IssuerErrors.readQuietly(reply.body()));
            if ("device_code_expired".equals(code) || "expired_token".equals(code)) {
                throw new LoginException("The device code expired before the sign-in was approved. "
                        + "Start the sign-in again.");
            }
            if ("access_denied".equals(code)) {
                throw new LoginException("The device sign-in was denied. Start the sign-in again and approve it.");
            }
            if ("authorization_pending".equals(code)) {
                return Optional.empty(); // RFC 8628's spelling of "not approved yet"
            }
            if ("slow_down".equals(code)) {
                // RFC 8628: not a failure; the caller polls less often
                throw new TransientException("The sign-in server asks to poll the device code less often (slow_down).",
                        reply.retryAfter(), null);
            }
            throw IssuerErrors.classify(reply, Call.DEVICE_POLL, List.of(deviceCode.deviceAuthId()));
        }
        JsonNode json = IssuerErrors.readQuietly(reply.body());
        String code = text(json, "authorization_code");
        String verifier = text(json, "code_verifier");
        if (code == null || verifier == null) {
            throw new ProtocolException("The sign-in server approved the device sign-in but sent no authorization "
                    + "code or verifier. Start the sign-in again.", Recovery.SIGN_IN, null);
        }
        return Optional.of(new DeviceApproval(code, verifier));
    }

    @Override
    public String toString() {
        return "HttpIssuer[" + base + "]";
    }

    /** The polling interval: seconds as a number or a string; the default when absent or unreadable. */
    static Duration interval(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_INTERVAL;
        }
        String text = node.asText().strip();
        try {
            double seconds = Double.parseDouble(text);
            if (seconds >= 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // fall through to the default
        }
        return DEFAULT_INTERVAL;
    }

    private URI endpoint(String path) {
        return URI.create(base + path);
    }

    private ClassicHttpRequest post(String path, byte[] body, ContentType type) {
        return ClassicRequestBuilder.post(endpoint(path))
                .setHeader("Accept", "application/json")
                .setHeader("User-Agent", userAgent)
                .setEntity(new ByteArrayEntity(body, type))
                .build();
    }

    static byte[] formBody(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serialises", e);
        }
    }

    private static String text(JsonNode json, String field) {
        if (json == null || !json.isObject()) {
            return null;
        }
        JsonNode node = json.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
