package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One request and its answer: the parsed parts of an {@link HttpExchange} plus ways to reply. */
final class Call {

    final HttpExchange exchange;
    final String method;
    final String path;
    final String rawQuery;
    final Map<String, String> query;
    final byte[] body;
    private boolean answered;

    Call(HttpExchange exchange, byte[] body) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        this.path = exchange.getRequestURI().getRawPath();
        this.rawQuery = exchange.getRequestURI().getRawQuery();
        this.query = parseForm(rawQuery);
        this.body = body;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String param(String name) {
        return query.get(name);
    }

    /** Whether the Content-Type says JSON ({@code application/json}, also with a charset or a {@code +json} type). */
    boolean isJsonBody() {
        String type = mediaType();
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** Whether the Content-Type says {@code application/x-www-form-urlencoded}. */
    boolean isFormBody() {
        return mediaType().equals("application/x-www-form-urlencoded");
    }

    private String mediaType() {
        String type = header("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The body's fields, read as its Content-Type says (JSON object or form-encoded), as the real
     * servers do; null for any other or a missing Content-Type, or a JSON body that is not an object.
     * The body is never guessed from its first byte: a client that sends the wrong type must fail here too.
     */
    Map<String, String> fields() {
        if (isJsonBody()) {
            return jsonFields();
        }
        return isFormBody() ? parseForm(new String(body, StandardCharsets.UTF_8)) : null;
    }

    /** The fields of a JSON object body (Content-Type JSON); null otherwise. */
    Map<String, String> jsonFields() {
        if (!isJsonBody()) {
            return null;
        }
        JsonNode node = Json.parseOrNull(body);
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return fields;
    }

    /** The fields of a form-encoded body (Content-Type {@code application/x-www-form-urlencoded}); null otherwise. */
    Map<String, String> formFields() {
        return isFormBody() ? parseForm(new String(body, StandardCharsets.UTF_8)) : null;
    }

    Headers responseHeaders() {
        return exchange.getResponseHeaders();
    }

    boolean answered() {
        return answered;
    }

    void json(int status, JsonNode node) {
        send(status, "application/json", Json.bytes(node));
    }

    void html(int status, String html) {
        responseHeaders().set("Cache-Control", "no-store");
        send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    void text(int status, String text) {
        send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void redirect(String location) {
        responseHeaders().set("Location", location);
        send(302, null, new byte[0]);
    }

    /** A response with no body (304, or a 302). */
    void empty(int status) {
        send(status, null, new byte[0]);
    }

    void send(int status, String contentType, byte[] bytes) {
        answered = true;
        try {
            if (contentType != null) {
                responseHeaders().set("Content-Type", contentType);
            }
            boolean noBody = bytes.length == 0 || status == 304 || status == 204 || method.equals("HEAD");
            exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a chunked response and hands out its body stream. */
    OutputStream startStream(int status, String contentType) {
        answered = true;
        try {
            responseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, 0);
            return exchange.getResponseBody();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                out.putIfAbsent(key, value);
            }
        }
        return out;
    }
}
