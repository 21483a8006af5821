package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.time.Duration;
import java.time.Instant;

/**
 * The account's usage windows (SPEC §10): the same figures go out as {@code x-codex-*} headers,
 * {@code codex.rate_limits} events and {@code /wham/usage}. A usage-limit fault marks the limit
 * reached until its reset time or the next successful response. Thread-safe.
 */
final class UsageMeter {

    private static final Duration PRIMARY = Duration.ofMinutes(300);
    private static final Duration SECONDARY = Duration.ofDays(7);

    private final Instant anchor;
    private final String planType;
    private Instant limitResetsAt;

    UsageMeter(Instant anchor, String planType) {
        this.anchor = anchor;
        this.planType = planType;
    }

    synchronized void limitReached(Instant resetsAt) {
        limitResetsAt = resetsAt;
    }

    synchronized void clear() {
        limitResetsAt = null;
    }

    private synchronized boolean reached(Instant now) {
        return limitResetsAt != null && now.isBefore(limitResetsAt);
    }

    private Window primary(Instant now) {
        if (reached(now)) {
            return new Window(100, PRIMARY, limitResetsAt);
        }
        return new Window(12, PRIMARY, nextReset(PRIMARY, now));
    }

    private Window secondary(Instant now) {
        return new Window(reached(now) ? 41 : 4, SECONDARY, nextReset(SECONDARY, now));
    }

    private Instant nextReset(Duration window, Instant now) {
        Instant reset = anchor.plus(window);
        if (!now.isBefore(reset)) {
            long periods = Duration.between(anchor, now).toSeconds() / window.toSeconds() + 1;
            reset = anchor.plusSeconds(periods * window.toSeconds());
        }
        return reset;
    }

    void writeHeaders(Headers h, Instant now) {
        Window p = primary(now);
        Window s = secondary(now);
        put(h, "primary", p, now);
        put(h, "secondary", s, now);
        h.set("x-codex-primary-over-secondary-limit-percent", "0");
        h.set("x-codex-plan-type", planType);
        h.set("x-codex-active-limit", "codex");
        h.set("x-codex-credits-has-credits", "False");
        h.set("x-codex-credits-unlimited", "False");
        h.set("x-codex-credits-balance", "0");
        if (reached(now)) {
            h.set("x-codex-promo-message", "");
        }
    }

    private static void put(Headers h, String name, Window w, Instant now) {
        h.set("x-codex-" + name + "-used-percent", Integer.toString(w.usedPercent));
        h.set("x-codex-" + name + "-window-minutes", Long.toString(w.length.toMinutes()));
        h.set("x-codex-" + name + "-reset-at", Long.toString(w.resetAt.getEpochSecond()));
        h.set("x-codex-" + name + "-reset-after-seconds", Long.toString(secondsUntil(now, w.resetAt)));
    }

    /** The body of {@code GET /wham/usage}. */
    ObjectNode usage(Instant now) {
        ObjectNode root = Json.object();
        root.put("plan_type", planType);
        ObjectNode rl = root.putObject("rate_limit");
        rl.put("allowed", !reached(now));
        rl.put("limit_reached", reached(now));
        window(rl.putObject("primary_window"), primary(now), now, true);
        window(rl.putObject("secondary_window"), secondary(now), now, true);
        credits(root.putObject("credits"));
        root.putArray("additional_rate_limits");
        root.putNull("code_review_rate_limit");
        root.putNull("promo");
        return root;
    }

    /** The {@code codex.rate_limits} stream event. */
    ObjectNode event(Instant now) {
        ObjectNode root = Json.object();
        root.put("type", "codex.rate_limits");
        root.put("plan_type", planType);
        ObjectNode rl = root.putObject("rate_limits");
        rl.put("allowed", !reached(now));
        rl.put("limit_reached", reached(now));
        window(rl.putObject("primary"), primary(now), now, false);
        window(rl.putObject("secondary"), secondary(now), now, false);
        root.putNull("code_review_rate_limits");
        root.putNull("additional_rate_limits");
        credits(root.putObject("credits"));
        root.putNull("promo");
        return root;
    }

    private static void window(ObjectNode node, Window w, Instant now, boolean usageShape) {
        node.put("used_percent", w.usedPercent);
        if (usageShape) {
            node.put("limit_window_seconds", w.length.toSeconds());
        } else {
            node.put("window_minutes", w.length.toMinutes());
        }
        node.put("reset_after_seconds", secondsUntil(now, w.resetAt));
        node.put("reset_at", w.resetAt.getEpochSecond());
    }

    private static void credits(ObjectNode node) {
        node.put("has_credits", false);
        node.put("unlimited", false);
        node.put("balance", "0");
    }

    private static long secondsUntil(Instant now, Instant then) {
        return Math.max(0, Duration.between(now, then).toSeconds());
    }

    private record Window(int usedPercent, Duration length, Instant resetAt) {
    }
}
