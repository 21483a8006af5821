package dev.codexauth.http.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.CatalogFetcher;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.ModelCatalog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models and instructions from the latest Codex release on GitHub, the seed's way (SPEC §6 source 2):
 * the latest release tag from the releases API (else the release page's redirect), then that
 * release's catalog file ({@code codex-rs/models-manager/models.json}, before mid-2026
 * {@code codex-rs/core/models.json}), or for a 2025 release its prompt file per model family, made
 * into a catalog. Given the copy fetched before, a download of the same release asks with
 * {@code If-None-Match} and a 304 keeps that copy; a new tag is downloaded afresh.
 *
 * <p>Kept on disk under {@link Settings#cacheDir()} in the seed's layout: {@code github-models.json}
 * with {@code github-models-meta.json}, and for 2025 releases {@code <family>-instructions.md} with
 * {@code <family>-instructions-meta.json}; each meta is {@code {"etag","tag","lastChecked","url"}}.
 * Files are written owner-only and atomically.
 *
 * <p>GitHub allows 60 unauthenticated API requests an hour: after {@code x-ratelimit-remaining: 0},
 * a 403 or a 429, no GitHub request is made until {@code x-ratelimit-reset} (or {@code Retry-After},
 * else an hour); calls fail at once with a {@link TransientException} whose {@code retryAfter} says
 * how long.
 *
 * <p>Only a fetcher, deliberately not an {@link dev.codexauth.instructions.InstructionSource}: every
 * call costs GitHub requests (of 60 an hour), so it is used only behind a
 * {@link dev.codexauth.instructions.CachedInstructionSource} (TTL {@link Settings#instructionsTtl()}),
 * as {@link InstructionSources#github} and {@link InstructionSources#standard} build it. Thread-safe.
 */
final class GitHubInstructionSource implements CatalogFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubInstructionSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPO = "openai/codex";
    /** The catalog file's path in a release, newest layout first. */
    static final List<String> CATALOG_PATHS = List.of("codex-rs/models-manager/models.json", "codex-rs/core/models.json");
    static final String LEGACY_DIR = "codex-rs/core/";
    static final String CATALOG_FILE = "github-models.json";
    static final String CATALOG_META = "github-models-meta.json";
    /** GitHub serves every account alike: one copy for all keys. */
    private static final CatalogKey SHARED = new CatalogKey(null, null);
    private static final Duration DEFAULT_BLOCK = Duration.ofHours(1);

    /** A 2025 model family (SPEC §6): its prompt file and the slugs it served. */
    record Family(String name, String file, List<String> slugs) {
    }

    static final List<Family> FAMILIES = List.of(
            new Family("gpt-5.2-codex", "gpt-5.2-codex_prompt.md", List.of("gpt-5.2-codex")),
            new Family("codex-max", "gpt-5.1-codex-max_prompt.md", List.of("gpt-5.1-codex-max")),
            new Family("codex", "gpt_5_codex_prompt.md", List.of("gpt-5.1-codex", "gpt-5-codex")),
            new Family("gpt-5.2", "gpt_5_2_prompt.md", List.of("gpt-5.2")),
            new Family("gpt-5.1", "gpt_5_1_prompt.md", List.of("gpt-5.1", "gpt-5")));

    /** The seed's meta file: which ETag of which release, fetched from where, confirmed when. */
    record Meta(String etag, String tag, Instant lastChecked, String url) {

        byte[] toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("etag", etag);
            o.put("tag", tag);
            o.put("lastChecked", lastChecked.toEpochMilli());
            o.put("url", url);
            return o.toString().getBytes(StandardCharsets.UTF_8);
        }

        static Optional<Meta> fromJson(byte[] bytes) {
            try {
                JsonNode o = JSON.readTree(bytes);
                JsonNode checked = o.path("lastChecked");
                Instant at = checked.isNumber() ? Instant.ofEpochMilli(checked.asLong())
                        : checked.isTextual() ? Instant.parse(checked.asText()) : null;
                if (at == null || !o.path("tag").isTextual()) {
                    return Optional.empty();
                }
                return Optional.of(new Meta(o.path("etag").asText(null), o.path("tag").asText(),
                        at, o.path("url").asText(null)));
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty();
            }
        }

        Meta checkedAt(Instant now) {
            return new Meta(etag, tag, now, url);
        }
    }

    /** GitHub said to stop asking for a while. */
    static final class RateLimited extends TransientException {
        RateLimited(String message, Duration retryAfter) {
            super(message, retryAfter, null);
        }
    }

    private final URI api;
    private final URI raw;
    private final URI web;
    private final HttpTransport transport;
    private final Clock clock;
    private final CacheFiles files;
    private volatile Instant blockedUntil = Instant.MIN;
    /** The releases API's ETag and the tag it named: GitHub does not count a 304 against the limit. */
    private volatile String[] lastRelease;

    private GitHubInstructionSource(Settings settings, HttpTransport transport) {
        this.api = settings.githubApiUrl();
        this.raw = settings.githubRawUrl();
        this.web = settings.githubWebUrl();
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = settings.clock();
        this.files = new CacheFiles(settings.cacheDir());
    }

    /** GitHub at the URLs of {@code settings}, cached under {@link Settings#cacheDir()}. */
    static GitHubInstructionSource create(Settings settings, HttpTransport transport) {
        return new GitHubInstructionSource(settings, transport);
    }

    @Override
    public String name() {
        return "github";
    }

    @Override
    public CatalogKey cacheKey(CatalogKey key) {
        return SHARED;
    }

    @Override
    public Optional<Stored> restore(CatalogKey key) {
        Optional<Meta> meta = files.read(CATALOG_META).flatMap(Meta::fromJson);
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        Meta m = meta.get();
        try {
            if (isLegacy(m.url())) {
                List<String[]> prompts = new ArrayList<>();
                for (Family f : FAMILIES) {
                    files.read(f.name() + "-instructions.md")
                            .ifPresent(b -> prompts.add(new String[] {f.name(), new String(b, StandardCharsets.UTF_8)}));
                }
                return prompts.isEmpty() ? Optional.empty()
                        : Optional.of(new Stored(legacyCatalog(m.tag(), prompts, m.lastChecked()), m.lastChecked()));
            }
            Optional<byte[]> body = files.read(CATALOG_FILE);
            return body.map(b -> new Stored(ModelCatalog.parse(b, "github " + m.tag(), m.etag(), m.lastChecked()),
                    m.lastChecked()));
        } catch (IllegalArgumentException corrupt) {
            LOG.warn("Ignoring the unreadable GitHub catalog cache in {}: {}", files.dir(), corrupt.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public ModelCatalog fetch(CatalogKey key, ModelCatalog previous) {
        ensureNotBlocked();
        String tag = latestTag();
        Meta known = files.read(CATALOG_META).flatMap(Meta::fromJson).orElse(null);
        boolean sameRelease = previous != null && known != null && tag.equals(known.tag());
        if (sameRelease && isLegacy(known.url())) {
            return legacy(tag, previous);
        }
        if (sameRelease && known.url() != null) {
            HttpTransport.Reply r = get(known.url(), known.etag(), false);
            if (r.status() == 304) {
                saveMeta(known.checkedAt(clock.instant()));
                return previous;
            }
            if (r.status() == 200) {
                return store(tag, known.url(), r);
            }
            if (r.status() != 404) {
                throw failure(known.url(), r);
            }
        }
        for (String path : CATALOG_PATHS) {
            String url = release(tag) + path;
            HttpTransport.Reply r = get(url, null, false);
            if (r.status() == 200) {
                return store(tag, url, r);
            }
            if (r.status() != 404) {
                throw failure(url, r);
            }
        }
        return legacy(tag, sameRelease ? previous : null);
    }

    // --- release tag ---

    private String latestTag() {
        String url = api + "/repos/" + REPO + "/releases/latest";
        try {
            String[] known = lastRelease;
            HttpTransport.Reply r = get(url, known != null ? known[0] : null, true);
            if (r.status() == 304 && known != null) {
                return known[1];
            }
            if (r.status() == 200) {
                JsonNode tag = JSON.readTree(r.body()).path("tag_name");
                if (tag.isTextual() && !tag.asText().isBlank()) {
                    if (r.header("ETag") != null) {
                        lastRelease = new String[] {r.header("ETag"), tag.asText()};
                    }
                    return tag.asText();
                }
            }
            LOG.debug("GitHub's releases API answered {}; trying the release page", r.status());
        } catch (RateLimited limited) {
            throw limited;
        } catch (TransientException | IOException unreachable) {
            LOG.debug("GitHub's releases API is unreachable; trying the release page");
        }
        String page = web + "/" + REPO + "/releases/latest";
        HttpTransport.Reply r = get(page, null, false);
        String location = r.header("Location");
        if (r.status() / 100 == 3 && location != null && location.contains("/releases/tag/")) {
            return location.substring(location.lastIndexOf("/releases/tag/") + "/releases/tag/".length()).replaceAll("[/?#].*$", "");
        }
        throw new TransientException("GitHub did not name the latest Codex release (the API and the release page "
                + "answered " + r.status() + "). Try again later.", null);
    }

    // --- the catalog file ---

    private ModelCatalog store(String tag, String url, HttpTransport.Reply r) {
        Instant now = clock.instant();
        ModelCatalog catalog;
        try {
            catalog = ModelCatalog.parse(r.body(), "github " + tag, r.header("ETag"), now);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("The model catalog of Codex release " + tag + " on GitHub is not usable: "
                    + e.getMessage() + ".", Recovery.RETRY, null);
        }
        try {
            files.write(CATALOG_FILE, r.body());
        } catch (IOException e) {
            LOG.warn("Could not keep the GitHub catalog in {} ({}); it stays in memory", files.dir(), e.getClass().getSimpleName());
        }
        saveMeta(new Meta(catalog.etag(), tag, now, url));
        return catalog;
    }

    private void saveMeta(Meta meta) {
        write(CATALOG_META, meta.toJson());
    }

    // --- 2025 releases: prompt files per family ---

    private ModelCatalog legacy(String tag, ModelCatalog previous) {
        Instant now = clock.instant();
        List<String[]> prompts = new ArrayList<>();
        boolean changed = previous == null;
        for (Family f : FAMILIES) {
            String url = release(tag) + LEGACY_DIR + f.file();
            String metaName = f.name() + "-instructions-meta.json";
            String textName = f.name() + "-instructions.md";
            Meta known = files.read(metaName).flatMap(Meta::fromJson).orElse(null);
            Optional<byte[]> cached = files.read(textName);
            boolean conditional = previous != null && known != null && tag.equals(known.tag())
                    && known.etag() != null && cached.isPresent();
            HttpTransport.Reply r = get(url, conditional ? known.etag() : null, false);
            if (r.status() == 304 && conditional) {
                write(metaName, known.checkedAt(now).toJson());
                prompts.add(new String[] {f.name(), new String(cached.get(), StandardCharsets.UTF_8)});
            } else if (r.status() == 200) {
                changed = true;
                write(textName, r.body());
                write(metaName, new Meta(r.header("ETag"), tag, now, url).toJson());
                prompts.add(new String[] {f.name(), r.text()});
            } else if (r.status() == 404) {
                changed = changed || (known != null && tag.equals(known.tag()));
            } else {
                throw failure(url, r);
            }
        }
        if (prompts.isEmpty()) {
            throw new ProtocolException("Codex release " + tag + " on GitHub has neither a model catalog nor prompt files.",
                    Recovery.RETRY, null);
        }
        saveMeta(new Meta(null, tag, now, release(tag) + LEGACY_DIR));
        return changed ? legacyCatalog(tag, prompts, now) : previous;
    }

    /** A catalog made of 2025 prompt files: one model per slug the family served, in the families' order. */
    static ModelCatalog legacyCatalog(String tag, List<String[]> prompts, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode models = root.putArray("models");
        int priority = 0;
        for (Family f : FAMILIES) {
            for (String[] p : prompts) {
                if (p[0].equals(f.name())) {
                    for (String slug : f.slugs()) {
                        ObjectNode m = models.addObject();
                        m.put("slug", slug);
                        m.put("display_name", slug);
                        m.put("priority", priority++);
                        m.put("visibility", "list");
                        m.put("base_instructions", p[1]);
                    }
                }
            }
        }
        return ModelCatalog.parse(root.toString().getBytes(StandardCharsets.UTF_8), "github " + tag + " (prompt files)", null, at);
    }

    private static boolean isLegacy(String url) {
        return url != null && url.endsWith("/" + LEGACY_DIR);
    }

    // --- HTTP and GitHub's rate limit ---

    private String release(String tag) {
        return raw + "/" + REPO + "/" + tag + "/";
    }

    private void ensureNotBlocked() {
        Instant now = clock.instant();
        Instant until = blockedUntil;
        if (now.isBefore(until)) {
            throw new RateLimited("GitHub's rate limit for this address is used up until " + until
                    + "; no GitHub request is made before then.", Duration.between(now, until));
        }
    }

    private HttpTransport.Reply get(String url, String etag, boolean api) {
        HttpGet get = new HttpGet(URI.create(url));
        // GitHub refuses requests without a User-Agent; this one names no version (SPEC §7's promise)
        get.setHeader("User-Agent", "codex-auth-java");
        get.setHeader("Accept", api ? "application/vnd.github+json" : "*/*");
        if (etag != null) {
            get.setHeader("If-None-Match", etag);
        }
        HttpTransport.Reply r = transport.send(get);
        Instant now = clock.instant();
        Instant reset = resetTime(r);
        if (r.status() == 403 || r.status() == 429) {
            Duration retry = r.retryAfter();
            Instant until = retry != null ? now.plus(retry) : reset != null && reset.isAfter(now) ? reset : now.plus(DEFAULT_BLOCK);
            blockedUntil = until;
            throw new RateLimited("GitHub refused the request (" + r.status() + ", rate limit); no GitHub request is "
                    + "made before " + until + ".", Duration.between(now, until));
        }
        if ("0".equals(r.header("x-ratelimit-remaining"))) {
            blockedUntil = reset != null && reset.isAfter(now) ? reset : now.plus(DEFAULT_BLOCK);
        }
        return r;
    }

    private static Instant resetTime(HttpTransport.Reply r) {
        String reset = r.header("x-ratelimit-reset");
        if (reset == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(reset.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static CodexAuthException failure(String url, HttpTransport.Reply r) {
        String what = "GitHub answered " + r.status() + " for " + URI.create(url).getPath();
        if (r.status() >= 500 || r.status() == 408) {
            return new TransientException(what + ". Try again later.", r.retryAfter(), null);
        }
        return new ProtocolException(what + ".", Recovery.RETRY, null);
    }

    private void write(String name, byte[] bytes) {
        try {
            files.write(name, bytes);
        } catch (IOException e) {
            LOG.warn("Could not write {} in {} ({})", name, files.dir(), e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "GitHubInstructionSource[" + api + "]";
    }
}
