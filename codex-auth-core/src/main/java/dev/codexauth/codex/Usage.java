package dev.codexauth.codex;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The account's plan, usage windows and credits ({@code GET {base}/wham/usage}, SPEC §10).
 *
 * @param planType     plus, pro, team...; null when not reported
 * @param allowed      whether requests are allowed now
 * @param limitReached whether a limit has been reached
 * @param primary      the short window (typically 5 hours), or null
 * @param secondary    the long window (typically a week), or null
 * @param credits      the credit balance, or null
 * @param additional   further metered limits, by name
 * @param raw          the answer as received
 */
public record Usage(String planType, boolean allowed, boolean limitReached, RateLimits.Window primary,
                    RateLimits.Window secondary, RateLimits.Credits credits, List<AdditionalLimit> additional, JsonNode raw) {

    public Usage {
        additional = List.copyOf(additional);
    }

    /** The same figures in the shape of the response headers and events. */
    public RateLimits rateLimits() {
        return new RateLimits(planType, primary, secondary, credits);
    }

    /** Reads the {@code /wham/usage} answer, as it arrives (system clock). */
    public static Usage parse(JsonNode json) {
        return parse(json, Clock.systemUTC());
    }

    /** Reads the {@code /wham/usage} answer; {@code clock} gives the time it arrived, for {@code reset_after_seconds}. */
    public static Usage parse(JsonNode json, Clock clock) {
        Instant now = clock.instant();
        JsonNode limit = json.path("rate_limit");
        List<AdditionalLimit> additional = new ArrayList<>();
        for (JsonNode a : json.path("additional_rate_limits")) {
            JsonNode r = a.path("rate_limit");
            additional.add(new AdditionalLimit(a.path("limit_name").asText(null), a.path("metered_feature").asText(null),
                    RateLimits.windowFromJson(r.path("primary_window"), now), RateLimits.windowFromJson(r.path("secondary_window"), now)));
        }
        return new Usage(json.path("plan_type").isTextual() ? json.path("plan_type").asText() : null,
                limit.path("allowed").asBoolean(true), limit.path("limit_reached").asBoolean(false),
                RateLimits.windowFromJson(limit.path("primary_window"), now), RateLimits.windowFromJson(limit.path("secondary_window"), now),
                RateLimits.creditsFromJson(json.path("credits")), additional, json);
    }

    /** A metered limit beside the main windows. */
    public record AdditionalLimit(String name, String meteredFeature, RateLimits.Window primary, RateLimits.Window secondary) {}
}
