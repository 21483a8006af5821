package dev.codexauth.codex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.sse.SseEvent;
import dev.codexauth.sse.SseParser;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Bytes of a responses stream in, typed events out, as the bytes arrive. Data that is not JSON
 * (a proxy's {@code [DONE]}, a garbled line) is skipped, as the Codex CLI does. Not thread-safe.
 */
public final class ResponseEventDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader TREE = JSON.reader();
    private static final JsonFactory TOKENS = JSON.getFactory();
    /**
     * Deltas are a few hundred characters; only events up to this size are tried as deltas. Small
     * enough that no string or number in them can break Jackson's read limits, so an event the
     * tokenizer accepted always parses into a tree later.
     */
    private static final int SMALL_EVENT = 4096;

    private final SseParser parser;
    private int skipped;

    public ResponseEventDecoder() {
        this(new SseParser());
    }

    public ResponseEventDecoder(SseParser parser) {
        this.parser = parser;
    }

    /** Decodes the next bytes; each complete event goes to {@code sink}. */
    public void feed(byte[] bytes, int offset, int length, Consumer<ResponseEvent> sink) {
        parser.feed(bytes, offset, length, e -> decode(e, sink));
    }

    /** The stream ended: a pending event is dispatched. */
    public void finish(Consumer<ResponseEvent> sink) {
        parser.finish(e -> decode(e, sink));
    }

    /** How many data payloads were not JSON objects and were skipped. */
    public int skipped() {
        return skipped;
    }

    private void decode(SseEvent event, Consumer<ResponseEvent> sink) {
        String data = event.data();
        ResponseEvent typed = data.length() <= SMALL_EVENT ? delta(data) : null;
        if (typed == null) {
            JsonNode json;
            try {
                json = TREE.readTree(data);
            } catch (IOException e) {
                skipped++;
                return;
            }
            if (json == null || !json.isObject()) {
                skipped++;
                return;
            }
            typed = ResponseEvent.of(json);
        }
        sink.accept(typed);
    }

    /**
     * A delta event read from its tokens, without building its tree (most of a stream is thousands
     * of small deltas, and few callers look at their JSON): its {@code raw()} is parsed on first use.
     * Null for any other event, and for anything unusual in a delta (a field of an unexpected kind,
     * bad JSON), which then takes the general path of {@link ResponseEvent#of}, so both paths give
     * the same event.
     */
    private static ResponseEvent delta(String data) {
        try (JsonParser p = TOKENS.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String itemId = null;
            String delta = "";
            int outputIndex = 0;
            int summaryIndex = 0;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> {
                        if (value != JsonToken.VALUE_STRING || !isDelta(type = p.getText())) {
                            return null;
                        }
                    }
                    case "item_id" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        itemId = p.getText();
                    }
                    case "delta" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        delta = p.getText();
                    }
                    case "output_index", "summary_index" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        if (name.equals("output_index")) {
                            outputIndex = p.getIntValue();
                        } else {
                            summaryIndex = p.getIntValue();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || type == null) {
                return null;
            }
            ObjectNode raw = new ObjectNode(JsonNodeFactory.instance, new LazyMembers(data));
            return switch (type) {
                case "response.output_text.delta" -> new ResponseEvent.TextDelta(outputIndex, itemId, delta, raw);
                case "response.reasoning_summary_text.delta" ->
                        new ResponseEvent.ReasoningSummaryDelta(outputIndex, summaryIndex, delta, raw);
                default -> new ResponseEvent.ToolInputDelta(outputIndex, itemId, delta, raw);
            };
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isDelta(String type) {
        return switch (type) {
            case "response.output_text.delta", "response.reasoning_summary_text.delta",
                    "response.function_call_arguments.delta", "response.custom_tool_call_input.delta" -> true;
            default -> false;
        };
    }

    /**
     * The members of an event's JSON object, parsed from its text the first time anything reads
     * them. Events travel to other threads (a stream's iterator), so the parse happens once, safely.
     */
    private static final class LazyMembers extends AbstractMap<String, JsonNode> {

        private String json;
        private volatile Map<String, JsonNode> members;

        LazyMembers(String json) {
            this.json = json;
        }

        private Map<String, JsonNode> members() {
            Map<String, JsonNode> m = members;
            if (m == null) {
                synchronized (this) {
                    m = members;
                    if (m == null) {
                        m = parse(json);
                        members = m;
                        json = null;
                    }
                }
            }
            return m;
        }

        private static Map<String, JsonNode> parse(String json) {
            JsonNode tree;
            try {
                tree = TREE.readTree(json);
            } catch (IOException e) {
                // cannot happen: the tokenizer read this text whole; Jackson's message would quote it
                throw new IllegalStateException("An event's JSON, read once, could not be read again");
            }
            Map<String, JsonNode> m = new LinkedHashMap<>();
            tree.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        }

        @Override public int size() { return members().size(); }
        @Override public boolean isEmpty() { return members().isEmpty(); }
        @Override public boolean containsKey(Object key) { return members().containsKey(key); }
        @Override public boolean containsValue(Object value) { return members().containsValue(value); }
        @Override public JsonNode get(Object key) { return members().get(key); }
        @Override public JsonNode put(String key, JsonNode value) { return members().put(key, value); }
        @Override public JsonNode remove(Object key) { return members().remove(key); }
        @Override public void putAll(Map<? extends String, ? extends JsonNode> m) { members().putAll(m); }
        @Override public void clear() { members().clear(); }
        @Override public Set<String> keySet() { return members().keySet(); }
        @Override public Collection<JsonNode> values() { return members().values(); }
        @Override public Set<Map.Entry<String, JsonNode>> entrySet() { return members().entrySet(); }
        @Override public boolean equals(Object o) { return members().equals(o); }
        @Override public int hashCode() { return members().hashCode(); }
        @Override public String toString() { return members().toString(); }
    }
}
