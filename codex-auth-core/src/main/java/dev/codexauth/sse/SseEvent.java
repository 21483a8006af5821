package dev.codexauth.sse;

/**
 * One dispatched server-sent event.
 *
 * @param event       the {@code event:} field, or {@code message} when the event had none
 * @param data        the {@code data:} lines joined with {@code \n}
 * @param lastEventId the last {@code id:} seen in the stream, or empty
 */
public record SseEvent(String event, String data, String lastEventId) {
}
