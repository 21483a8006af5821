package dev.codexauth.error;

import java.util.Optional;

/**
 * The backend refused the request as it stands (HTTP 400/404, or a fatal in-stream failure such as
 * {@code context_length_exceeded}): a model the account may not use, a client version too old for
 * the model, invalid instructions. The message says what to change.
 */
public non-sealed class RequestRejectedException extends CodexAuthException {

    private final int status;
    private final String code;
    private final String requestId;

    /**
     * @param status    the HTTP status, or 0 for a failure reported inside the stream
     * @param code      the server's error code or type, or null
     * @param requestId the server's {@code x-request-id} (or {@code cf-ray}) for error reports, or null
     */
    public RequestRejectedException(String message, int status, String code, String requestId) {
        super(message, Recovery.CHANGE_REQUEST, null);
        this.status = status;
        this.code = code;
        this.requestId = requestId;
    }

    public int status() {
        return status;
    }

    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
