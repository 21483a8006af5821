package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code /__sandbox/*}: the journal, faults and reset over HTTP, for black-box tests and the CLI.
 * Not journaled.
 */
final class ControlRoutes {

    private final Sandbox sandbox;

    ControlRoutes(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void handle(Call call) {
        switch (call.method + " " + call.path) {
            case "GET /__sandbox/journal" -> journal(call);
            case "POST /__sandbox/faults" -> arm(call);
            case "POST /__sandbox/reset" -> {
                sandbox.reset();
                call.json(200, Json.object().put("reset", true));
            }
            case "POST /__sandbox/release" -> {
                sandbox.releaseHolds();
                call.json(200, Json.object().put("released", true));
            }
            case "POST /__sandbox/revoke-all" -> {
                sandbox.revokeAllTokens();
                call.json(200, Json.object().put("revoked", true));
            }
            default -> call.json(404, Json.detail("Unknown control endpoint: use GET /__sandbox/journal, "
                    + "POST /__sandbox/faults, POST /__sandbox/reset, POST /__sandbox/release or POST /__sandbox/revoke-all."));
        }
    }

    private void journal(Call call) {
        ObjectNode root = Json.object();
        ObjectNode counts = root.putObject("counts");
        sandbox.journal.counts().forEach(counts::put);
        ArrayNode requests = root.putArray("requests");
        for (JournalEntry e : sandbox.journal.requests()) {
            ObjectNode r = requests.addObject();
            r.put("time", DateTimeFormatter.ISO_INSTANT.format(e.time()));
            r.put("method", e.method());
            r.put("path", e.path());
            r.put("endpoint", e.endpoint());
            ObjectNode headers = r.putObject("headers");
            e.headers().forEach(headers::put);
            r.put("body", e.body());
        }
        call.json(200, root);
    }

    private void arm(Call call) {
        JsonNode body = Json.parseOrNull(call.body);
        if (body == null || !body.isObject()) {
            call.json(400, Json.detail("Send a JSON object such as {\"endpoint\":\"responses\",\"fault\":\"usage_limit\",\"times\":1}."));
            return;
        }
        String endpoint = body.path("endpoint").asText("");
        int times = body.path("times").asInt(1);
        Fault fault;
        try {
            fault = fault(body, sandbox.httpHold.get());
            sandbox.faults.arm(endpoint, fault, times);
        } catch (IllegalArgumentException e) {
            call.json(400, Json.detail(e.getMessage()));
            return;
        }
        ObjectNode answer = Json.object();
        answer.put("endpoint", endpoint);
        answer.put("fault", body.path("fault").asText());
        answer.put("pending", sandbox.faults.pending(endpoint));
        call.json(200, answer);
    }

    /**
     * A fault by its HTTP name; optional fields: status, code, message, delay_ms, resets_in_seconds.
     * {@code hold_after_first_delta} holds until {@code POST /__sandbox/release}.
     */
    static Fault fault(JsonNode body, java.util.concurrent.CountDownLatch hold) {
        String name = body.path("fault").asText("");
        String code = body.path("code").asText("server_error");
        String message = body.path("message").asText("The sandbox was told to fail this response.");
        return switch (name) {
            case "usage_limit" -> body.has("resets_in_seconds")
                    ? Fault.usageLimit(Duration.ofSeconds(body.path("resets_in_seconds").asLong()))
                    : Fault.usageLimit();
            case "usage_limit_404" -> Fault.usageLimitAs404();
            case "usage_not_included" -> Fault.usageNotIncluded();
            case "status" -> Fault.status(body.path("status").asInt(500));
            case "overloaded" -> Fault.overloaded();
            case "delay" -> Fault.delay(Duration.ofMillis(body.path("delay_ms").asLong(1000)));
            case "cut_mid_event" -> Fault.cutMidEvent();
            case "response_failed" -> Fault.responseFailed(code, message);
            case "error_event" -> Fault.errorEvent(code, message);
            case "malformed_data" -> Fault.malformedData();
            case "close_without_response" -> Fault.closeWithoutResponse();
            case "unauthorized" -> Fault.unauthorized();
            case "missing_codex_entitlement" -> Fault.missingCodexEntitlement();
            case "hold_after_first_delta" -> Fault.holdAfterFirstDelta(hold);
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'; use one of " + NAMES);
        };
    }

    /** The fault names {@code POST /__sandbox/faults} understands. */
    static final List<String> NAMES = List.of("usage_limit", "usage_limit_404", "usage_not_included", "status",
            "overloaded", "delay", "cut_mid_event", "response_failed", "error_event", "malformed_data",
            "close_without_response", "unauthorized", "missing_codex_entitlement", "hold_after_first_delta");
}
