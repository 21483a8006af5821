package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The account's usage windows and credits as the backend reports them ({@code x-codex-*} headers,
 * {@code codex.rate_limits} events, {@code /wham/usage}).
 *
 * @param planType     plus, pro, team...; null when not reported
 * @param primary      the short window (typically 5 hours), or null
 * @param secondary    the long window (typically a week), or null
 * @param credits      the credit balance, or null
 * @param activeLimit  {@code x-codex-active-limit}: which limit currently applies, as sent, or null
 * @param promoMessage {@code x-codex-promo-message}: an offer the backend wants shown, as sent, or null
 */
public record RateLimits(String planType, Window primary, Window secondary, Credits credits, String activeLimit,
                         String promoMessage) {

    /** Figures without an active-limit name or promotion message (events and {@code /wham/usage} carry none). */
    public RateLimits(String planType, Window primary, Window secondary, Credits credits) {
        this(planType, primary, secondary, credits, null, null);
    }

    public Optional<Window> primaryWindow() {
        return Optional.ofNullable(primary);
    }

    public Optional<Window> secondaryWindow() {
        return Optional.ofNullable(secondary);
    }

    /**
     * The figures of the {@code x-codex-*} response headers, or null when the response had none; a
     * window that gives only {@code -reset-after-seconds} resets that long after now (system clock).
     *
     * @param header a header's value by (case-insensitive) name, or null
     */
    public static RateLimits fromHeaders(Function<String, String> header) {
        return fromHeaders(header, Clock.systemUTC());
    }

    /**
     * The figures of the {@code x-codex-*} response headers, or null when the response had none.
     *
     * @param header a header's value by (case-insensitive) name, or null
     * @param clock  the time the headers arrived, for windows that say only how many seconds are left
     */
    public static RateLimits fromHeaders(Function<String, String> header, Clock clock) {
        Instant now = clock.instant();
        Window primary = windowFromHeaders(header, "primary", now);
        Window secondary = windowFromHeaders(header, "secondary", now);
        String plan = header.apply("x-codex-plan-type");
        String hasCredits = header.apply("x-codex-credits-has-credits");
        Credits credits = hasCredits == null ? null : new Credits(Boolean.parseBoolean(hasCredits),
                Boolean.parseBoolean(header.apply("x-codex-credits-unlimited")), header.apply("x-codex-credits-balance"));
        String activeLimit = blankToNull(header.apply("x-codex-active-limit"));
        String promo = blankToNull(header.apply("x-codex-promo-message"));
        if (primary == null && secondary == null && plan == null && credits == null && activeLimit == null && promo == null) {
            return null;
        }
        return new RateLimits(plan, primary, secondary, credits, activeLimit, promo);
    }

    private static Window windowFromHeaders(Function<String, String> header, String which, Instant now) {
        Double used = number(header.apply("x-codex-" + which + "-used-percent"));
        if (used == null) {
            return null;
        }
        Double minutes = number(header.apply("x-codex-" + which + "-window-minutes"));
        Double resetAt = number(header.apply("x-codex-" + which + "-reset-at"));
        Double resetAfter = number(header.apply("x-codex-" + which + "-reset-after-seconds"));
        return new Window(used, minutes == null ? null : minutes.intValue(), resetsAt(resetAt, resetAfter, now));
    }

    /** The absolute reset time when given, else now plus the seconds left, else null. */
    private static Instant resetsAt(Double resetAt, Double resetAfter, Instant now) {
        // a number beyond the calendar (1e300) is no reset time, not a DateTimeException
        if (resetAt != null && Math.abs(resetAt) < 1e15) {
            return Instant.ofEpochSecond(resetAt.longValue());
        }
        return resetAfter == null || resetAfter < 0 || resetAfter >= 1e15 ? null
                : now.plusSeconds((long) Math.ceil(resetAfter));
    }

    /** The figures of a {@code codex.rate_limits} event, read as it arrives (system clock). */
    public static RateLimits fromEvent(JsonNode event) {
        return fromEvent(event, Clock.systemUTC());
    }

    /** The figures of a {@code codex.rate_limits} event; {@code clock} gives the time it arrived. */
    public static RateLimits fromEvent(JsonNode event, Clock clock) {
        JsonNode limits = event.path("rate_limits");
        Instant now = clock.instant();
        return new RateLimits(text(event.path("plan_type")), windowFromJson(limits.path("primary"), now),
                windowFromJson(limits.path("secondary"), now), creditsFromJson(event.path("credits")));
    }

    /**
     * A window of the {@code codex.rate_limits} event ({@code window_minutes}) or of {@code /wham/usage}
     * ({@code limit_window_seconds}); {@code reset_after_seconds} counts from {@code now} when
     * {@code reset_at} is absent.
     */
    static Window windowFromJson(JsonNode w, Instant now) {
        if (!w.isObject() || !w.path("used_percent").isNumber()) {
            return null;
        }
        Integer minutes = w.path("window_minutes").isNumber() ? Integer.valueOf(w.path("window_minutes").asInt())
                : w.path("limit_window_seconds").isNumber() ? Integer.valueOf(w.path("limit_window_seconds").asInt() / 60) : null;
        Double resetAt = w.path("reset_at").isNumber() ? w.path("reset_at").asDouble() : null;
        Double resetAfter = w.path("reset_after_seconds").isNumber() ? w.path("reset_after_seconds").asDouble() : null;
        return new Window(w.path("used_percent").asDouble(), minutes, resetsAt(resetAt, resetAfter, now));
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
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
