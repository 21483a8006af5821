package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The account's usage windows and credits as the backend reports them ({@code x-codex-*} headers,
 * {@code codex.rate_limits} events, {@code /wham/usage}).
 *
 * @param planType  plus, pro, team...; null when not reported
 * @param primary   the short window (typically 5 hours), or null
 * @param secondary the long window (typically a week), or null
 * @param credits   the credit balance, or null
 */
public record RateLimits(String planType, Window primary, Window secondary, Credits credits) {

    public Optional<Window> primaryWindow() {
        return Optional.ofNullable(primary);
    }

    public Optional<Window> secondaryWindow() {
        return Optional.ofNullable(secondary);
    }

    /**
     * The figures of the {@code x-codex-*} response headers, or null when the response had none.
     *
     * @param header a header's value by (case-insensitive) name, or null
     */
    public static RateLimits fromHeaders(Function<String, String> header) {
        Window primary = windowFromHeaders(header, "primary");
        Window secondary = windowFromHeaders(header, "secondary");
        String plan = header.apply("x-codex-plan-type");
        String hasCredits = header.apply("x-codex-credits-has-credits");
        Credits credits = hasCredits == null ? null : new Credits(Boolean.parseBoolean(hasCredits),
                Boolean.parseBoolean(header.apply("x-codex-credits-unlimited")), header.apply("x-codex-credits-balance"));
        if (primary == null && secondary == null && plan == null && credits == null) {
            return null;
        }
        return new RateLimits(plan, primary, secondary, credits);
    }

    private static Window windowFromHeaders(Function<String, String> header, String which) {
        Double used = number(header.apply("x-codex-" + which + "-used-percent"));
        if (used == null) {
            return null;
        }
        Double minutes = number(header.apply("x-codex-" + which + "-window-minutes"));
        Double resetAt = number(header.apply("x-codex-" + which + "-reset-at"));
        return new Window(used, minutes == null ? null : minutes.intValue(),
                resetAt == null || !(Math.abs(resetAt) < 1e15) ? null : Instant.ofEpochSecond(resetAt.longValue()));
    }

    /** The figures of a {@code codex.rate_limits} event. */
    public static RateLimits fromEvent(JsonNode event) {
        JsonNode limits = event.path("rate_limits");
        return new RateLimits(text(event.path("plan_type")), windowFromJson(limits.path("primary")),
                windowFromJson(limits.path("secondary")), creditsFromJson(event.path("credits")));
    }

    /** A window of the {@code codex.rate_limits} event ({@code window_minutes}) or of {@code /wham/usage} ({@code limit_window_seconds}). */
    static Window windowFromJson(JsonNode w) {
        if (!w.isObject() || !w.path("used_percent").isNumber()) {
            return null;
        }
        Integer minutes = w.path("window_minutes").isNumber() ? Integer.valueOf(w.path("window_minutes").asInt())
                : w.path("limit_window_seconds").isNumber() ? Integer.valueOf(w.path("limit_window_seconds").asInt() / 60) : null;
        // a reset beyond the calendar is no reset time (not a DateTimeException)
        Instant resetsAt = w.path("reset_at").isNumber() && Math.abs(w.path("reset_at").asDouble()) < 1e15
                ? Instant.ofEpochSecond(w.path("reset_at").asLong()) : null;
        return new Window(w.path("used_percent").asDouble(), minutes, resetsAt);
    }

    static Credits creditsFromJson(JsonNode c) {
        if (!c.isObject()) {
            return null;
        }
        return new Credits(c.path("has_credits").asBoolean(false), c.path("unlimited").asBoolean(false), text(c.path("balance")));
    }

    private static String text(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * @param usedPercent   share of the window used, 0-100
     * @param windowMinutes the window's length in minutes, or null
     * @param resetsAt      when it resets, or null
     */
    public record Window(double usedPercent, Integer windowMinutes, Instant resetsAt) {}

    /** @param balance a decimal string as sent (e.g. {@code "9.99"}), or null */
    public record Credits(boolean hasCredits, boolean unlimited, String balance) {}
}
