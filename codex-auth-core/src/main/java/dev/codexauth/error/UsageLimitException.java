package dev.codexauth.error;

import java.time.Instant;
import java.util.Optional;

/**
 * The ChatGPT plan's usage limit was reached ({@code usage_limit_reached}), or the plan does not
 * include Codex at all ({@code usage_not_included}). Retrying before {@link #resetsAt()} cannot help.
 */
public final class UsageLimitException extends CodexAuthException {

    private final String type;
    private final String planType;
    private final Instant resetsAt;
    private final Double usedPercent;

    /**
     * @param type        {@code usage_limit_reached} or {@code usage_not_included}
     * @param planType    the plan named by the server, or null
     * @param resetsAt    when the limit resets, or null when unknown
     * @param usedPercent the used share of the window that applies, or null when unknown
     */
    public UsageLimitException(String message, String type, String planType, Instant resetsAt, Double usedPercent) {
        super(message, "usage_not_included".equals(type) ? Recovery.CHANGE_REQUEST : Recovery.WAIT_FOR_RESET, null);
        this.type = type;
        this.planType = planType;
        this.resetsAt = resetsAt;
        this.usedPercent = usedPercent;
    }

    /** {@code usage_limit_reached} or {@code usage_not_included}. */
    public String type() {
        return type;
    }

    public Optional<String> planType() {
        return Optional.ofNullable(planType);
    }

    public Optional<Instant> resetsAt() {
        return Optional.ofNullable(resetsAt);
    }

    public Optional<Double> usedPercent() {
        return Optional.ofNullable(usedPercent);
    }
}
