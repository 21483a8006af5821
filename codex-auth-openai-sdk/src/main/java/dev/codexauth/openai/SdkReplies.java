package dev.codexauth.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ReplyHeaders;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.error.CodexAuthException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Consumer;

/** The HTTP answers the SDK gets from {@link CodexHttpClient}: made here, never received from a server. */
final class SdkReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SdkReplies() {
    }

    /** {@code create}: the final Response object, its {@code output} assembled from the stream. */
    static HttpResponse response(CodexResponse response) {
        return new Reply(200, headers(response.headers()).put("Content-Type", "application/json").build(),
                new ByteArrayInputStream(bytes(ResponseShape.forSdk(response.response()))), null);
    }

    /** {@code createStreaming}: the backend's events, re-emitted as SSE the SDK reads without surprises. */
    static HttpResponse eventStream(ResponseStream stream, Consumer<CodexResponse> finished) {
        return new Reply(200, headers(stream.headers()).put("Content-Type", "text/event-stream").build(),
                new EventStreamBody(stream, finished), stream);
    }

    /** A failure: the SDK turns it into its typed exception with our message. */
    static HttpResponse failure(CodexAuthException e) {
        return error(SdkError.of(e));
    }

    static HttpResponse notAvailable(String method, String path) {
        return error(SdkError.notAvailable(method, path));
    }

    static HttpResponse badBody() {
        return error(SdkError.badBody());
    }

    static HttpResponse error(SdkError error) {
        Headers.Builder headers = Headers.builder()
                .put("Content-Type", "application/json")
                .put("X-Should-Retry", Boolean.toString(error.retry()));
        if (error.retryAfter() != null) {
            headers.put("Retry-After-Ms", Long.toString(error.retryAfter().toMillis()));
        }
        if (error.requestId() != null) {
            headers.put("x-request-id", error.requestId());
        }
        return new Reply(error.status(), headers.build(), new ByteArrayInputStream(bytes(error.body())), null);
    }

    private static Headers.Builder headers(ReplyHeaders reply) {
        Headers.Builder headers = Headers.builder();
        if (reply.requestId() != null) {
            headers.put("x-request-id", reply.requestId());
        }
        if (reply.servedModel() != null) {
            headers.put("openai-model", reply.servedModel());
        }
        if (reply.turnState() != null) {
            headers.put("x-codex-turn-state", reply.turnState());
        }
        return headers;
    }

    static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** One answer; closing it releases what stands behind the body (an open response stream). */
    private static final class Reply implements HttpResponse {
        private final int status;
        private final Headers headers;
        private final InputStream body;
        private final AutoCloseable resource;

        Reply(int status, Headers headers, InputStream body, AutoCloseable resource) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.resource = resource;
        }

        @Override
        public int statusCode() {
            return status;
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            try {
                body.close();
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // nothing left to release: a cancelled stream may fail to close cleanly
            }
        }
    }
}
