package dev.codexauth.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.LoginException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport.Reply;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an issuer's error answer into the exception that says what helps (SPEC §3): sign in again,
 * retry, or neither. Messages carry the status and the issuer's error code; the issuer's own message
 * only when it cannot contain a secret we sent (or any JWT-looking text).
 */
final class IssuerErrors {

    /** Which call failed: the wording and the class of a refusal depend on it. */
    enum Call {
        CODE_EXCHANGE("exchange the sign-in code"),
        REFRESH("refresh the sign-in"),
        REVOKE("revoke the sign-in"),
        DEVICE_CODE("start a device-code sign-in"),
        DEVICE_POLL("check the device-code sign-in");

        final String doing;

        Call(String doing) {
            this.doing = doing;
        }
    }

    static final Set<String> SIGN_IN_AGAIN = Set.of(
            "refresh_token_expired", "refresh_token_reused", "refresh_token_invalidated", "invalid_grant");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JWT_LIKE = Pattern.compile("[A-Za-z0-9_\\-+/=]{8,}\\.[A-Za-z0-9_\\-+/=]{8,}\\.");
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,80}");

    private IssuerErrors() {
    }

    /**
     * The exception for a non-2xx answer to {@code call}.
     *
     * @param secrets what the request carried that must not be echoed (code, verifier, tokens)
     */
    static CodexAuthException classify(Reply reply, Call call, Collection<String> secrets) {
        int status = reply.status();
        JsonNode body = readQuietly(reply.body());
        String code = safeCode(errorCode(body));
        String detail = safeMessage(errorMessage(body), secrets);
        String what = "HTTP " + status + (code == null ? "" : ", " + code);
        String serverSays = detail == null ? "" : " The server said: " + detail;

        if (status == 408 || status == 429 || status >= 500) {
            return new TransientException("The sign-in server could not " + call.doing + " right now (" + what
                    + "). Try again in a moment." + serverSays, reply.retryAfter(), null);
        }
        boolean refused = status == 401 || (code != null && SIGN_IN_AGAIN.contains(code));
        if (call == Call.CODE_EXCHANGE && status >= 400 && status < 500) {
            return new LoginException("The sign-in server did not accept the sign-in code (" + what
                    + "). Start the sign-in again." + serverSays);
        }
        if (refused) {
            return new SignInRequiredException(signInAgainMessage(code, status), code);
        }
        return new ProtocolException("The sign-in server refused to " + call.doing + " (" + what
                + "). Sign in again; if this keeps happening, check the issuer and client id settings." + serverSays,
                Recovery.SIGN_IN, null);
    }

    /** Plain words for a login the issuer will no longer refresh. */
    static String signInAgainMessage(String code, int status) {
        String why;
        if (code == null) {
            why = "The sign-in server no longer accepts this login (HTTP " + status + ").";
        } else {
            why = switch (code) {
                case "refresh_token_expired" -> "Your login has expired (refresh_token_expired).";
                case "refresh_token_reused" ->
                        "Your login was already refreshed elsewhere and can no longer be used (refresh_token_reused).";
                case "refresh_token_invalidated" ->
                        "Your login was signed out or revoked (refresh_token_invalidated).";
                default -> "The sign-in server no longer accepts this login (" + code + ").";
            };
        }
        return why + " Sign in again.";
    }

    /** The error code: {@code error.code}, or {@code error} when it is a string, or top-level {@code code}. */
    static String errorCode(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode error = body.get("error");
        if (error != null && error.isObject() && error.path("code").isTextual()) {
            return error.get("code").asText();
        }
        if (error != null && error.isTextual()) {
            return error.asText();
        }
        JsonNode code = body.get("code");
        return code != null && code.isTextual() ? code.asText() : null;
    }

    private static String errorMessage(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode error = body.get("error");
        if (error != null && error.isObject() && error.path("message").isTextual()) {
            return error.get("message").asText();
        }
        JsonNode description = body.get("error_description");
        if (description != null && description.isTextual()) {
            return description.asText();
        }
        JsonNode message = body.get("message");
        return message != null && message.isTextual() ? message.asText() : null;
    }

    /** The server's message, or null when it is long or could hold something we must not repeat. */
    static String safeMessage(String message, Collection<String> secrets) {
        if (message == null || message.isBlank() || message.length() > 300 || JWT_LIKE.matcher(message).find()) {
            return null;
        }
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty() && message.contains(secret)) {
                return null;
            }
        }
        return message.strip();
    }

    private static String safeCode(String code) {
        return code != null && SAFE_CODE.matcher(code).matches() ? code : null;
    }

    static JsonNode readQuietly(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

}
