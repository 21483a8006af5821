package dev.codexauth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A Codex answer stream shaped like the recorded ones (shared/fixtures): {@code event:} + one
 * {@code data:} line per event; a {@code response.created} and {@code response.in_progress} that echo
 * about 30 KB of instructions and tools; a reasoning item with summary deltas; a message streamed as
 * many small text deltas (with the {@code obfuscation} padding the backend adds, and some non-ASCII
 * text); rate limits; and a {@code response.completed} that echoes the request again. Deterministic.
 */
final class RealisticStream {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = {"the ", "parser ", "reads ", "each ", "line ", "and ", "hands ", "events ",
            "on ", "as ", "they ", "arrive", ". ", "Caf\u00e9 ", "na\u00efve ", "\u2019s ", "\u2500\u2500 ", "token ",
            "refresh ", "stream "};

    /**
     * The whole stream, its frames, and how many events it holds.
     *
     * @param preambleEvents how many events come before the first text delta
     */
    record Stream(byte[] bytes, List<byte[]> frames, int events, int preambleEvents) {
    }

    private RealisticStream() {
    }

    /**
     * @param textDeltas how many {@code response.output_text.delta} events the message has
     */
    static Stream build(int textDeltas) {
        return build(textDeltas, true);
    }

    /**
     * @param textDeltas    how many {@code response.output_text.delta} events the message has
     * @param withReasoning whether a reasoning item with summary deltas comes before the message
     */
    static Stream build(int textDeltas, boolean withReasoning) {
        Random random = new Random(42);
        List<byte[]> frames = new ArrayList<>();
        int[] seq = {0};
        ObjectNode response = responseObject("in_progress");
        String messageId = "msg_0b70e4946283a4df0068c9ef5f4f3c819494718ea40dba591c";
        String reasoningId = "rs_0b70e4946283a4df0068c9ef5f21c08194b0f4b0c4c1e1b2a3";

        frames.add(frame(seq, "response.created", F.objectNode().set("response", response.deepCopy())));
        frames.add(frame(seq, "response.in_progress", F.objectNode().set("response", response.deepCopy())));
        int preamble = frames.size();
        if (withReasoning) {
            reasoning(frames, seq, random, reasoningId);
        }
        message(frames, seq, random, messageId, textDeltas);
        for (int i = 0; i < frames.size(); i++) {
            if (new String(frames.get(i), StandardCharsets.UTF_8).startsWith("event: response.output_text.delta")) {
                preamble = i;
                break;
            }
        }
        ObjectNode limits = F.objectNode();
        limits.putObject("rate_limits").putObject("primary").put("used_percent", 12.0).put("window_minutes", 300)
                .put("resets_at", 1_765_000_000L);
        frames.add(frame(seq, "codex.rate_limits", limits));
        ObjectNode completed = responseObject("completed");
        completed.putObject("usage").put("input_tokens", 9_812).put("output_tokens", textDeltas * 2)
                .put("total_tokens", 9_812 + textDeltas * 2);
        frames.add(frame(seq, "response.completed", F.objectNode().set("response", completed)));

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(all::writeBytes);
        return new Stream(all.toByteArray(), frames, frames.size(), preamble);
    }

    private static void reasoning(List<byte[]> frames, int[] seq, Random random, String reasoningId) {
        frames.add(frame(seq, "response.output_item.added", F.objectNode().put("output_index", 0)
                .set("item", F.objectNode().put("id", reasoningId).put("type", "reasoning").set("summary", F.arrayNode()))));
        StringBuilder summary = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String d = WORDS[random.nextInt(WORDS.length)];
            summary.append(d);
            frames.add(frame(seq, "response.reasoning_summary_text.delta", F.objectNode().put("item_id", reasoningId)
                    .put("output_index", 0).put("summary_index", 0).put("delta", d).put("obfuscation", pad(random))));
        }
        ObjectNode reasoning = F.objectNode().put("id", reasoningId).put("type", "reasoning")
                .put("encrypted_content", "gAAAAA" + "x".repeat(2_400));
        reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", summary.toString());
        frames.add(frame(seq, "response.output_item.done", F.objectNode().put("output_index", 0).set("item", reasoning)));
    }

    private static void message(List<byte[]> frames, int[] seq, Random random, String messageId, int textDeltas) {

        frames.add(frame(seq, "response.output_item.added", F.objectNode().put("output_index", 1)
                .set("item", F.objectNode().put("id", messageId).put("type", "message").put("status", "in_progress")
                        .put("role", "assistant").set("content", F.arrayNode()))));
        frames.add(frame(seq, "response.content_part.added", F.objectNode().put("item_id", messageId).put("output_index", 1)
                .put("content_index", 0).set("part", F.objectNode().put("type", "output_text").put("text", ""))));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < textDeltas; i++) {
            String d = WORDS[random.nextInt(WORDS.length)];
            text.append(d);
            ObjectNode delta = F.objectNode().put("item_id", messageId).put("output_index", 1).put("content_index", 0)
                    .put("delta", d);
            delta.putArray("logprobs");
            delta.put("obfuscation", pad(random));
            frames.add(frame(seq, "response.output_text.delta", delta));
        }
        frames.add(frame(seq, "response.output_text.done", F.objectNode().put("item_id", messageId).put("output_index", 1)
                .put("content_index", 0).put("text", text.toString())));
        ObjectNode message = F.objectNode().put("id", messageId).put("type", "message").put("status", "completed")
                .put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", text.toString());
        frames.add(frame(seq, "response.output_item.done", F.objectNode().put("output_index", 1).set("item", message)));
    }

    /** The Response object as the Codex backend echoes it: instructions, tools, settings; about 30 KB. */
    static ObjectNode responseObject(String status) {
        ObjectNode r = F.objectNode().put("id", "resp_0b70e4946283a4df0068c9ef5ef4d88194adeeb6e2283d609a")
                .put("object", "response").put("created_at", 1_758_064_478L).put("status", status)
                .put("model", "gpt-5.5").put("instructions", instructions(26_000)).put("store", false)
                .put("prompt_cache_key", "9f0e6a5c-1a7b-4b8e-9d43-0c6f0f1d2e3a").put("parallel_tool_calls", true);
        r.putObject("reasoning").put("effort", "medium").put("summary", "auto");
        r.putObject("text").put("verbosity", "medium").putObject("format").put("type", "text");
        r.set("tools", Requests.tools());
        r.putArray("output");
        r.putNull("usage");
        return r;
    }

    static String instructions(int length) {
        StringBuilder sb = new StringBuilder(length + 100);
        int n = 0;
        while (sb.length() < length) {
            sb.append("You are Codex, a coding agent. Rule ").append(n++)
                    .append(": read the files before you change them, keep changes small, and run the tests.\n");
        }
        return sb.toString();
    }

    private static String pad(Random random) {
        char[] c = new char[4 + random.nextInt(12)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(c);
    }

    private static byte[] frame(int[] seq, String type, ObjectNode data) {
        ObjectNode ordered = F.objectNode().put("type", type).put("sequence_number", seq[0]++);
        ordered.setAll(data);
        try {
            return ("event: " + type + "\ndata: " + JSON.writeValueAsString(ordered) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
