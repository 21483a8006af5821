package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.token.Credentials;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Builds requests to the sandbox's backend the way a correct client sends them (SPEC §7). */
final class Backend {

    final Sandbox sandbox;
    final Credentials creds;

    Backend(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.creds = sandbox.mintCredentials();
    }

    String[] headers(String... extra) {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + creds.accessToken(),
                "ChatGPT-Account-ID", creds.accountId(), "originator", "codex_cli_rs", "version", "0.160.1",
                "User-Agent", "codex_cli_rs/0.160.1", "Accept", "text/event-stream",
                "session-id", "3f0c1a52-1111-4222-8333-944455556666"));
        h.addAll(List.of(extra));
        return h.toArray(String[]::new);
    }

    /** A valid classic request for gpt-5.5 asking {@code prompt}. */
    ObjectNode classic(String prompt) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("model", "gpt-5.5");
        body.put("instructions", instructions("gpt-5.5"));
        body.putArray("input").addObject().put("type", "message").put("role", "user")
                .putArray("content").addObject().put("type", "input_text").put("text", prompt);
        body.put("store", false);
        body.put("stream", true);
        body.putArray("include").add("reasoning.encrypted_content");
        body.put("prompt_cache_key", "3f0c1a52-1111-4222-8333-944455556666");
        return body;
    }

    /** A valid Responses Lite request for gpt-5.6-sol asking {@code prompt}. */
    ObjectNode lite(String prompt) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("model", "gpt-5.6-sol");
        var input = body.putArray("input");
        input.addObject().put("type", "additional_tools").put("role", "developer").putArray("tools");
        input.addObject().put("type", "message").put("role", "developer")
                .putArray("content").addObject().put("type", "input_text").put("text", instructions("gpt-5.6-sol"));
        input.addObject().put("type", "message").put("role", "user")
                .putArray("content").addObject().put("type", "input_text").put("text", prompt);
        body.put("store", false);
        body.put("stream", true);
        body.put("parallel_tool_calls", false);
        body.putObject("reasoning").put("effort", "low").put("context", "all_turns");
        return body;
    }

    String instructions(String slug) {
        for (var m : Http.JSON.valueToTree(Http.json(Http.get(sandbox.backendUrl().resolve("/backend-api/codex/models?client_version=0.160.1"),
                headers()))).path("models")) {
            if (m.path("slug").asText().equals(slug)) {
                var template = m.path("model_messages").path("instructions_template");
                if (template.isTextual()) {
                    return template.asText().replace("{{ personality }}",
                            m.path("model_messages").path("instructions_variables").path("personality_default").asText());
                }
                return m.path("base_instructions").asText();
            }
        }
        throw new AssertionError("no model " + slug);
    }

    HttpResponse<String> respond(Object body, String... extraHeaders) {
        return Http.postJson(responsesUrl(), body, headers(extraHeaders));
    }

    URI responsesUrl() {
        return URI.create(sandbox.backendUrl() + "/codex/responses");
    }
}
