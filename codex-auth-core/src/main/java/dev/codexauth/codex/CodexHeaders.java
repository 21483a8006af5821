package dev.codexauth.codex;

import dev.codexauth.token.Credentials;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of a responses request (SPEC §7), and nothing else: no version of this library, no
 * telemetry, no system information unless the identity carries it by the user's choice.
 */
public final class CodexHeaders {

    /** Set for Responses Lite models only. */
    public static final String LITE = "x-openai-internal-codex-responses-lite";
    public static final String TURN_STATE = "x-codex-turn-state";

    private CodexHeaders() {
    }

    /** The headers for {@code request}, in a stable order. */
    public static Map<String, String> forResponses(PreparedRequest request, Credentials credentials, ClientIdentity identity) {
        Map<String, String> h = forAccount(credentials, identity);
        h.put("Accept", "text/event-stream");
        h.put("Content-Type", "application/json");
        String conversation = request.conversationId().toString();
        h.put("session-id", conversation);
        h.put("thread-id", conversation);
        h.put("x-client-request-id", conversation);
        if (request.turnState() != null) {
            h.put(TURN_STATE, request.turnState());
        }
        if (request.lite()) {
            h.put(LITE, "true");
        }
        return h;
    }

    /** The headers every backend call carries: the bearer token, the account, and the client identity. */
    public static Map<String, String> forAccount(Credentials credentials, ClientIdentity identity) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + credentials.accessToken());
        if (credentials.accountId() != null) {
            h.put("ChatGPT-Account-ID", credentials.accountId());
        }
        h.put("originator", identity.originator());
        h.put("version", identity.version());
        h.put("User-Agent", identity.userAgent());
        return h;
    }
}
