package dev.codexauth.codex;

import java.time.Instant;
import java.util.Optional;

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
     * @param usedPercent   share of the window used, 0-100
     * @param windowMinutes the window's length in minutes, or null
     * @param resetsAt      when it resets, or null
     */
    public record Window(double usedPercent, Integer windowMinutes, Instant resetsAt) {}

    /** @param balance a decimal string as sent (e.g. {@code "9.99"}), or null */
    public record Credits(boolean hasCredits, boolean unlimited, String balance) {}
}
