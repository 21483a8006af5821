package dev.codexauth.codex;

/**
 * Receives the events of a response as they arrive, on the thread that reads the stream. A listener
 * that throws cancels the response.
 */
@FunctionalInterface
public interface ResponseListener {

    /** The next event, in stream order. */
    void onEvent(ResponseEvent event);
}
