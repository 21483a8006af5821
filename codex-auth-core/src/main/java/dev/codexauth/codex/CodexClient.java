package dev.codexauth.codex;

import java.util.concurrent.CompletableFuture;

/**
 * Sends OpenAI Responses requests to the Codex backend on the user's ChatGPT subscription. The
 * implementation ({@code codex-auth-http}) signs each request with the current login, applies the
 * backend's request rules, and parses the answer as it streams. Thread-safe; close it to release its
 * connection pool.
 */
public interface CodexClient extends AutoCloseable {

    /**
     * Sends the request and returns its events as they arrive. Close the stream to cancel.
     *
     * @throws dev.codexauth.error.CodexAuthException when the request fails before the first event
     */
    ResponseStream stream(ResponsesRequest request);

    /**
     * Sends the request and waits for the final response, assembled from the stream.
     *
     * @throws dev.codexauth.error.CodexAuthException when the request or the stream fails
     */
    CodexResponse respond(ResponsesRequest request);

    /**
     * Sends the request on a background thread: {@code listener} gets each event as it arrives, the
     * future the final response (or the failure). Cancelling the future closes the connection.
     */
    CompletableFuture<CodexResponse> respondAsync(ResponsesRequest request, ResponseListener listener);

    /**
     * The account's plan, usage windows and credits.
     *
     * @throws dev.codexauth.error.CodexAuthException when the backend cannot be asked
     */
    Usage usage();

    @Override
    void close();
}
