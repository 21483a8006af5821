package dev.codexauth.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitHub's side: the releases of openai/codex (catalog file or 2025 prompt files per tag), which
 * one is latest, and the anonymous API rate limit. Thread-safe.
 */
final class Releases {

    /** The 2025 prompt files of the legacy release (SPEC §6 table). */
    static final Map<String, String> LEGACY_PROMPTS = legacyPrompts();

    private final String initialTag;
    private final byte[] initialCatalog;
    private final Map<String, Release> releases = new LinkedHashMap<>();
    private String latest;
    private Instant windowStart;
    private int used;

    Releases(String initialTag, byte[] initialCatalog) {
        this.initialTag = initialTag;
        this.initialCatalog = initialCatalog.clone();
        reset();
    }

    synchronized void reset() {
        releases.clear();
        releases.put(Sandbox.LEGACY_RELEASE_TAG, new Release(Sandbox.LEGACY_RELEASE_TAG, null, LEGACY_PROMPTS,
                Instant.parse("2025-11-20T18:00:00Z")));
        releases.put(initialTag, new Release(initialTag, initialCatalog, Map.of(), Instant.parse("2026-11-30T18:00:00Z")));
        latest = initialTag;
        windowStart = null;
        used = 0;
    }

    synchronized void publish(String tag, byte[] catalog, Map<String, String> prompts) {
        if (tag == null || tag.isBlank() || tag.contains("/")) {
            throw new IllegalArgumentException("a release tag is a non-empty name without '/', e.g. rust-v0.161.0");
        }
        Instant publishedAt = releases.values().stream().map(Release::publishedAt).max(Instant::compareTo)
                .orElse(Instant.parse("2026-11-30T18:00:00Z")).plus(Duration.ofDays(1));
        releases.put(tag, new Release(tag, catalog == null ? null : catalog.clone(), Map.copyOf(prompts), publishedAt));
        latest = tag;
    }

    synchronized Release latest() {
        return releases.get(latest);
    }

    synchronized Release get(String tag) {
        return releases.get(tag);
    }

    /**
     * Counts one API request against the hourly limit; returns the remaining count, or -1 when the
     * limit was already spent (the request is refused with 403).
     */
    synchronized int spend(Instant now, int limit, boolean counts) {
        if (windowStart == null || !now.isBefore(windowStart.plus(Duration.ofHours(1)))) {
            windowStart = now;
            used = 0;
        }
        if (used >= limit) {
            return -1;
        }
        if (counts) {
            used++;
        }
        return limit - used;
    }

    synchronized int used() {
        return used;
    }

    synchronized Instant resetAt(Instant now) {
        return (windowStart == null ? now : windowStart).plus(Duration.ofHours(1));
    }

    private static Map<String, String> legacyPrompts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gpt-5.2-codex_prompt.md", "You are Codex (2025 gpt-5.2-codex prompt from the sandbox).\n");
        m.put("gpt-5.1-codex-max_prompt.md", "You are Codex (2025 gpt-5.1-codex-max prompt from the sandbox).\n");
        m.put("gpt_5_codex_prompt.md", "You are Codex (2025 gpt-5-codex prompt from the sandbox).\n");
        m.put("gpt_5_2_prompt.md", "You are a helpful assistant (2025 gpt-5.2 prompt from the sandbox).\n");
        m.put("gpt_5_1_prompt.md", "You are a helpful assistant (2025 gpt-5.1 prompt from the sandbox).\n");
        return Map.copyOf(m);
    }

    /** One release: its catalog file (null for 2025 releases) and prompt files. */
    record Release(String tag, byte[] catalog, Map<String, String> prompts, Instant publishedAt) {
        byte[] prompt(String name) {
            String text = prompts.get(name);
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
