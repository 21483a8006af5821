package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the final response from a stream's events (SPEC §8): the terminal event's Response object,
 * with its {@code output} taken from the {@code output_item.done} events in {@code output_index} order
 * when the terminal event left it empty, and the text from the deltas or {@code output_text.done}
 * where no item carried it. Failures in the stream become exceptions via {@link CodexErrors}.
 * Not thread-safe: one per stream.
 */
public final class ResponseAssembler {

    private final Map<Integer, JsonNode> items = new TreeMap<>();
    private final Map<Integer, StringBuilder> texts = new TreeMap<>();
    private final Map<Integer, String> doneTexts = new TreeMap<>();
    private final Map<Integer, Map<Integer, StringBuilder>> summaries = new TreeMap<>();
    private ReplyHeaders headers;
    private RateLimits rateLimits;
    private String responseId;
    private ResponseEvent terminal;

    /** @param headers what the HTTP response headers said ({@link ReplyHeaders#NONE} for a file) */
    public ResponseAssembler(ReplyHeaders headers) {
        this.headers = headers;
        this.rateLimits = headers.rateLimits();
    }

    /**
     * Takes the next event.
     *
     * @throws dev.codexauth.error.CodexAuthException for {@code response.failed} and {@code error} events
     */
    public void accept(ResponseEvent event) {
        if (event instanceof ResponseEvent.Created c) {
            responseId = c.responseId();
        } else if (event instanceof ResponseEvent.TextDelta d) {
            texts.computeIfAbsent(d.outputIndex(), i -> new StringBuilder()).append(d.delta());
        } else if (event instanceof ResponseEvent.ReasoningSummaryDelta d) {
            summaries.computeIfAbsent(d.outputIndex(), i -> new TreeMap<>())
                    .computeIfAbsent(d.summaryIndex(), i -> new StringBuilder()).append(d.delta());
        } else if (event instanceof ResponseEvent.OutputItemDone d) {
            items.put(d.outputIndex(), d.item());
        } else if (event instanceof ResponseEvent.RateLimitsUpdate r) {
            rateLimits = r.rateLimits();
        } else if (event instanceof ResponseEvent.Completed || event instanceof ResponseEvent.Incomplete) {
            terminal = event;
        } else if (event instanceof ResponseEvent.Failed f) {
            terminal = f;
            throw CodexErrors.streamFailure(f.code(), f.message(), headers.reportId());
        } else if (event instanceof ResponseEvent.Error e) {
            terminal = e;
            throw CodexErrors.streamFailure(e.code(), e.message(), headers.reportId());
        } else if (event instanceof ResponseEvent.Other o) {
            other(o.raw());
        }
    }

    private void other(JsonNode raw) {
        switch (raw.path("type").asText("")) {
            case "response.output_text.done" -> doneTexts.put(raw.path("output_index").asInt(0), raw.path("text").asText(""));
            case "codex.response.metadata" -> {
                String state = raw.path("headers").path("x-codex-turn-state").asText(null);
                if (state != null) {
                    headers = headers.withTurnState(state);
                }
            }
            default -> { }
        }
    }

    /** The latest usage figures seen (headers, then events), or null. */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    /**
     * The final response.
     *
     * @throws dev.codexauth.error.TransientException when the stream ended before a terminal event
     */
    public CodexResponse finish() {
        JsonNode response;
        if (terminal instanceof ResponseEvent.Completed c) {
            response = c.response();
        } else if (terminal instanceof ResponseEvent.Incomplete i) {
            response = i.response();
        } else {
            throw CodexErrors.streamCut(headers.reportId());
        }
        List<JsonNode> output = new ArrayList<>();
        if (response.path("output").isArray() && !response.path("output").isEmpty()) {
            response.path("output").forEach(output::add);
        } else {
            Map<Integer, JsonNode> byIndex = new TreeMap<>(items);
            // text that arrived only as deltas still belongs in the result
            for (var e : texts.entrySet()) {
                byIndex.putIfAbsent(e.getKey(), message(doneTexts.getOrDefault(e.getKey(), e.getValue().toString())));
            }
            for (var e : doneTexts.entrySet()) {
                byIndex.putIfAbsent(e.getKey(), message(e.getValue()));
            }
            output.addAll(byIndex.values());
        }
        ObjectNode full = response.isObject() ? ((ObjectNode) response).deepCopy() : JsonNodeFactory.instance.objectNode();
        ArrayNode outputArray = full.putArray("output");
        output.forEach(outputArray::add);
        String id = full.path("id").asText(responseId);
        String status = full.path("status").isTextual() ? full.path("status").asText()
                : terminal instanceof ResponseEvent.Incomplete ? "incomplete" : "completed";
        JsonNode usage = full.path("usage").isObject() ? full.path("usage") : null;
        return new CodexResponse(id, status, output, text(output), summary(output), usage, full, rateLimits, headers);
    }

    private static ObjectNode message(String text) {
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("type", "message").put("role", "assistant");
        m.putArray("content").addObject().put("type", "output_text").put("text", text);
        return m;
    }

    private String text(List<JsonNode> output) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode item : output) {
            if (item.path("type").asText().equals("message")) {
                for (JsonNode part : item.path("content")) {
                    if (part.path("type").asText().equals("output_text")) {
                        sb.append(part.path("text").asText(""));
                    }
                }
            }
        }
        return sb.toString();
    }

    private String summary(List<JsonNode> output) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : output) {
            if (item.path("type").asText().equals("reasoning")) {
                item.path("summary").forEach(s -> parts.add(s.path("text").asText("")));
            }
        }
        if (parts.isEmpty()) {
            // the done item's summary may be empty even after deltas: keep what streamed
            summaries.values().forEach(m -> m.values().forEach(sb -> parts.add(sb.toString())));
        }
        return String.join("\n\n", parts);
    }
}
