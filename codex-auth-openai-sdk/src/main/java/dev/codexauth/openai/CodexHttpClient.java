package dev.codexauth.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import dev.codexauth.codex.CodexClient;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.error.CodexAuthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The SDK's transport, served by a {@link CodexClient}: {@code POST responses} goes to the Codex
 * backend (streamed back as SSE when the SDK asked for a stream, else as the final Response JSON);
 * every other endpoint is answered here with a "not available" error and sends nothing. Requests
 * that name their conversation ({@code prompt_cache_key}) share the backend's cache and, within a
 * tool-calling turn, replay the turn state the backend set ({@link TurnStates}). The SDK's
 * own headers (its placeholder {@code Authorization}, {@code X-Stainless-*}) are never forwarded: the
 * Codex client signs and shapes each request itself. Thread-safe.
 */
final class CodexHttpClient implements HttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final CodexClient codex;
    private final List<AutoCloseable> owned;
    private final ExecutorService async;
    private final TurnStates turnStates = new TurnStates();

    /** @param owned what to close with this client (first to last), e.g. the Codex client it made */
    CodexHttpClient(CodexClient codex, List<AutoCloseable> owned) {
        this.codex = codex;
        this.owned = List.copyOf(owned);
        this.async = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "codex-auth-openai-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        if (!isCreateResponse(request)) {
            return SdkReplies.notAvailable(request.method().name(), String.join("/", request.pathSegments()));
        }
        ObjectNode body = readBody(request.body());
        if (body == null) {
            return SdkReplies.badBody();
        }
        // the SDK's createStreaming sends "stream": true; create sends nothing (or false)
        boolean streaming = body.path("stream").asBoolean(false);
        // only a caller-named conversation can continue a turn; any other request is a conversation of its own
        boolean named = !body.path("prompt_cache_key").asText("").isBlank();
        UUID conversation = conversationOf(body);
        ResponsesRequest codexRequest = new ResponsesRequest(body, conversation,
                named ? turnStates.forRequest(conversation, body) : null);
        Consumer<CodexResponse> finished = named ? r -> turnStates.remember(conversation, r.turnState().orElse(null)) : r -> { };
        try {
            if (streaming) {
                ResponseStream stream = codex.stream(codexRequest);
                return SdkReplies.eventStream(stream, finished);
            }
            CodexResponse response = codex.respond(codexRequest);
            finished.accept(response);
            return SdkReplies.response(response);
        } catch (CodexAuthException e) {
            return SdkReplies.failure(e);
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
        CompletableFuture<HttpResponse> future = new CompletableFuture<>();
        Future<?> task = async.submit(() -> {
            try {
                HttpResponse response = execute(request, options);
                if (!future.complete(response)) {
                    response.close(); // cancelled meanwhile: nobody will read or close it
                }
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        future.whenComplete((response, failure) -> {
            if (future.isCancelled()) {
                task.cancel(true);
            }
        });
        return future;
    }

    @Override
    public void close() {
        async.shutdownNow();
        for (AutoCloseable part : owned) {
            try {
                part.close();
            } catch (Exception e) {
                // closing is best effort: each part is released even when an earlier one fails
            }
        }
    }

    private static boolean isCreateResponse(HttpRequest request) {
        return request.method() == HttpMethod.POST && request.pathSegments().equals(List.of("responses"));
    }

    /** The request's JSON object, or null when it is none (a multipart body, broken JSON). */
    private static ObjectNode readBody(HttpRequestBody body) {
        if (body == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            body.writeTo(bytes);
            JsonNode json = JSON.readTree(bytes.toByteArray());
            return json instanceof ObjectNode o ? o : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The conversation a request belongs to: the caller's {@code prompt_cache_key} when it set one (a
     * UUID as is, any other key mapped to a stable UUID), so the turns of one conversation share the
     * backend's cache; otherwise a conversation of its own.
     */
    static UUID conversationOf(JsonNode body) {
        String key = body.path("prompt_cache_key").asText("");
        if (key.isBlank()) {
            return UUID.randomUUID();
        }
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
        }
    }
}
