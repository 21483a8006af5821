package dev.codexauth.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code x-codex-turn-state} each conversation's last response set, to replay on the next request
 * of the same turn (SPEC §7): the SDK is stateless, so it is kept here per conversation (named by the
 * caller's {@code prompt_cache_key}). A turn starts with a user message and goes on while the caller
 * answers tool calls; the state is replayed only there, never across turns. Holds the most recent
 * conversations only. Thread-safe.
 */
final class TurnStates {

    private static final int CONVERSATIONS = 1024;

    private final Map<UUID, String> states = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
            return size() > CONVERSATIONS;
        }
    };

    /** The state to send with {@code body}, or null when it starts a turn or nothing was set. */
    synchronized String forRequest(UUID conversation, JsonNode body) {
        if (startsTurn(body)) {
            states.remove(conversation);
            return null;
        }
        return states.get(conversation);
    }

    /** What a response of the conversation set (null: nothing new). */
    synchronized void remember(UUID conversation, String state) {
        if (state != null) {
            states.put(conversation, state);
        }
    }

    /** A request whose last input item is a user message (or plain text) starts a turn. */
    static boolean startsTurn(JsonNode body) {
        JsonNode input = body.path("input");
        if (!input.isArray() || input.isEmpty()) {
            return true;
        }
        JsonNode last = input.get(input.size() - 1);
        String type = last.path("type").asText("message");
        return type.equals("message") && "user".equals(last.path("role").asText());
    }
}
