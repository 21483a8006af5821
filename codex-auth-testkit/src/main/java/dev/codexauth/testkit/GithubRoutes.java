package dev.codexauth.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * GitHub as the seed's instruction fetcher sees it (SPEC §6): the releases API with its anonymous
 * rate limit, the release page's redirect, and raw files per tag, all with ETags.
 */
final class GithubRoutes {

    private static final String RAW_PREFIX = "/github-raw/openai/codex/";

    private final Sandbox sandbox;

    GithubRoutes(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void latest(Call call) {
        Instant now = sandbox.clock.instant();
        Releases.Release release = sandbox.releases.latest();
        byte[] body = Json.bytes(releaseJson(release));
        String etag = "W/\"" + Catalog.sha256(body).substring(0, 40) + "\"";
        boolean notModified = etag.equals(call.header("If-None-Match"));
        int limit = sandbox.config.githubHourlyLimit;
        // conditional requests answered 304 do not count against the limit, as on GitHub
        int remaining = sandbox.releases.spend(now, limit, !notModified);
        call.responseHeaders().set("x-ratelimit-limit", Integer.toString(limit));
        call.responseHeaders().set("x-ratelimit-remaining", Integer.toString(Math.max(0, remaining)));
        call.responseHeaders().set("x-ratelimit-reset", Long.toString(sandbox.releases.resetAt(now).getEpochSecond()));
        call.responseHeaders().set("x-ratelimit-used", Integer.toString(sandbox.releases.used()));
        call.responseHeaders().set("x-ratelimit-resource", "core");
        call.responseHeaders().set("x-github-api-version-selected", "2022-11-28");
        if (remaining < 0) {
            ObjectNode error = Json.object();
            error.put("message", "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated "
                    + "requests get a higher rate limit. Check out the documentation for more details.)");
            error.put("documentation_url",
                    "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting");
            call.json(403, error);
            return;
        }
        call.responseHeaders().set("ETag", etag);
        call.responseHeaders().set("Cache-Control", "public, max-age=60, s-maxage=60");
        if (notModified) {
            call.empty(304);
            return;
        }
        call.send(200, "application/json; charset=utf-8", body);
    }

    private ObjectNode releaseJson(Releases.Release r) {
        ObjectNode node = Json.object();
        node.put("url", sandbox.githubApiUrl() + "/repos/openai/codex/releases/" + Math.abs(r.tag().hashCode()));
        node.put("html_url", sandbox.githubWebUrl() + "/openai/codex/releases/tag/" + r.tag());
        node.put("id", Math.abs((long) r.tag().hashCode()));
        node.put("tag_name", r.tag());
        node.put("target_commitish", "main");
        node.put("name", r.tag());
        node.put("draft", false);
        node.put("prerelease", false);
        node.put("created_at", DateTimeFormatter.ISO_INSTANT.format(r.publishedAt()));
        node.put("published_at", DateTimeFormatter.ISO_INSTANT.format(r.publishedAt()));
        node.putArray("assets");
        node.put("body", "Release " + r.tag() + " (Codex sandbox).");
        return node;
    }

    void releasePage(Call call) {
        if (call.path.endsWith("/releases/latest")) {
            call.redirect(sandbox.githubWebUrl() + "/openai/codex/releases/tag/" + sandbox.releases.latest().tag());
            return;
        }
        String tag = call.path.substring(call.path.lastIndexOf('/') + 1);
        if (sandbox.releases.get(tag) == null) {
            call.html(404, IssuerRoutes.page("Not Found", "No release " + tag + "."));
            return;
        }
        call.html(200, IssuerRoutes.page("Release " + tag + " · openai/codex", "Release " + tag + "."));
    }

    void catalogFile(Call call) {
        Releases.Release r = sandbox.releases.get(tagOf(call.path));
        raw(call, r == null ? null : r.catalog());
    }

    void promptFile(Call call) {
        Releases.Release r = sandbox.releases.get(tagOf(call.path));
        raw(call, r == null ? null : r.prompt(call.path.substring(call.path.lastIndexOf('/') + 1)));
    }

    private static String tagOf(String path) {
        String rest = path.substring(RAW_PREFIX.length());
        return rest.substring(0, rest.indexOf('/'));
    }

    private static void raw(Call call, byte[] content) {
        if (content == null) {
            call.text(404, "404: Not Found");
            return;
        }
        String etag = "\"" + Catalog.sha256(content).substring(0, 40) + "\"";
        call.responseHeaders().set("ETag", etag);
        call.responseHeaders().set("Cache-Control", "max-age=300");
        if (etag.equals(call.header("If-None-Match"))) {
            call.empty(304);
            return;
        }
        call.send(200, "text/plain; charset=utf-8", content);
    }
}
