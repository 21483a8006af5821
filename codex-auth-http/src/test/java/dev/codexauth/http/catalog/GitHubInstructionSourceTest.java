package dev.codexauth.http.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.config.Settings;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.BundledInstructionSource;
import dev.codexauth.instructions.CachedInstructionSource;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.FallbackInstructionSource;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.instructions.ModelInfo;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubInstructionSourceTest {

    static final CatalogKey KEY = new CatalogKey(null, "0.160.1");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    final MutableClock clock = new MutableClock(Instant.now());
    Sandbox sandbox;
    Settings settings;
    HttpTransport transport;

    void start(Sandbox.Builder builder) {
        sandbox = builder.clock(clock).start();
        settings = sandbox.settings().home(home).clock(clock).build();
        transport = HttpTransport.create(settings);
    }

    void start() {
        start(Sandbox.builder());
    }

    InstructionSource cachedGitHub() {
        return CachedInstructionSource.of(GitHubInstructionSource.create(settings, transport), settings.instructionsTtl(), clock);
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    int count(String endpoint) {
        return sandbox.journal().count(endpoint);
    }

    @Test
    void oneReleaseLookupAndOneDownloadServeEveryRequestWithinTheTtl() {
        start();
        InstructionSource github = cachedGitHub();

        for (int i = 0; i < 1000; i++) {
            assertThat(github.catalog(KEY).source()).isEqualTo("github " + Sandbox.DEFAULT_RELEASE_TAG);
            clock.advance(Duration.ofMillis(500));
        }

        assertThat(count(Endpoint.GITHUB_LATEST)).isEqualTo(1);
        assertThat(count(Endpoint.GITHUB_CATALOG)).isEqualTo(1);
        assertThat(sandbox.journal().last(Endpoint.GITHUB_CATALOG).path())
                .isEqualTo("/github-raw/openai/codex/" + Sandbox.DEFAULT_RELEASE_TAG + "/codex-rs/models-manager/models.json");
    }

    @Test
    void theReleasesCatalogIsTheSandboxCatalogWithItsInstructions() {
        start();
        ModelCatalog c = cachedGitHub().catalog(KEY);

        assertThat(c.models()).extracting(ModelInfo::slug).contains("gpt-5.5", "gpt-5.6-sol", "gpt-6-astra");
        assertThat(c.find("gpt-5.5").orElseThrow().instructions("default")).contains("sandbox gpt-5.5");
    }

    @Test
    void afterTheTtlTheSameReleaseIsAskedConditionallyAndA304ResetsTheTimer() {
        start();
        InstructionSource github = cachedGitHub();
        ModelCatalog first = github.catalog(KEY);
        clock.advance(settings.instructionsTtl());

        assertThat(github.catalog(KEY)).isSameAs(first);
        assertThat(count(Endpoint.GITHUB_LATEST)).isEqualTo(2);
        assertThat(count(Endpoint.GITHUB_CATALOG)).isEqualTo(2);
        assertThat(sandbox.journal().last(Endpoint.GITHUB_CATALOG).header("If-None-Match")).isEqualTo(first.etag());

        // the 2025 plugin forgot to reset the timer and asked GitHub on every request from here on
        clock.advance(settings.instructionsTtl().minusSeconds(1));
        for (int i = 0; i < 100; i++) {
            github.catalog(KEY);
        }
        assertThat(count(Endpoint.GITHUB_CATALOG)).isEqualTo(2);
        assertThat(count(Endpoint.GITHUB_LATEST)).isEqualTo(2);
    }

    @Test
    void aNewReleaseTagIsDownloadedAfreshWithoutTheOldEtag() throws IOException {
        start();
        InstructionSource github = cachedGitHub();
        github.catalog(KEY);
        sandbox.publishRelease("rust-v0.161.0", catalogWith("gpt-7-nova"));
        clock.advance(settings.instructionsTtl());

        ModelCatalog c = github.catalog(KEY);

        assertThat(c.source()).isEqualTo("github rust-v0.161.0");
        assertThat(c.find("gpt-7-nova")).isPresent();
        assertThat(sandbox.journal().last(Endpoint.GITHUB_CATALOG).path()).contains("/rust-v0.161.0/");
        assertThat(sandbox.journal().last(Endpoint.GITHUB_CATALOG).header("If-None-Match")).isNull();
        assertThat(meta("github-models-meta.json").path("tag").asText()).isEqualTo("rust-v0.161.0");
    }

    @Test
    void theCacheFilesFollowTheSeedsLayoutAndAreOwnerOnly() throws IOException {
        start();
        ModelCatalog c = cachedGitHub().catalog(KEY);

        Path cache = settings.cacheDir();
        JsonNode meta = meta("github-models-meta.json");
        assertThat(meta.path("etag").asText()).isEqualTo(c.etag());
        assertThat(meta.path("tag").asText()).isEqualTo(Sandbox.DEFAULT_RELEASE_TAG);
        assertThat(meta.path("lastChecked").asLong()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(meta.path("url").asText()).endsWith("/codex-rs/models-manager/models.json");
        assertThat(ModelCatalog.parse(Files.readAllBytes(cache.resolve("github-models.json")), "disk", null, null).models())
                .isEqualTo(c.models());
        for (String name : List.of("github-models.json", "github-models-meta.json")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve(name)))).isEqualTo("rw-------");
        }
        try (var leftovers = Files.list(cache)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void aNewProcessWithinTheTtlServesTheDiskCopyWithoutAskingGitHub() {
        start();
        ModelCatalog first = cachedGitHub().catalog(KEY);
        clock.advance(Duration.ofMinutes(10));

        ModelCatalog again = cachedGitHub().catalog(KEY);

        assertThat(again.etag()).isEqualTo(first.etag());
        assertThat(again.models()).isEqualTo(first.models());
        assertThat(count(Endpoint.GITHUB_LATEST)).isEqualTo(1);
        assertThat(count(Endpoint.GITHUB_CATALOG)).isEqualTo(1);
    }

    @Test
    void aNewProcessAfterTheTtlRevalidatesTheDiskCopyConditionally() {
        start();
        ModelCatalog first = cachedGitHub().catalog(KEY);
        clock.advance(Duration.ofMinutes(16));

        ModelCatalog again = cachedGitHub().catalog(KEY);

        assertThat(again.models()).isEqualTo(first.models());
        assertThat(count(Endpoint.GITHUB_CATALOG)).isEqualTo(2);
        assertThat(sandbox.journal().last(Endpoint.GITHUB_CATALOG).header("If-None-Match")).isEqualTo(first.etag());
    }

    @Test
    void aReleaseBeforeTheCatalogFileIsReadFromItsPromptFilesPerFamily() throws IOException {
        start();
        sandbox.publishLegacyRelease("rust-v0.50.0", Map.of(
                "gpt-5.2-codex_prompt.md", "Prompt 5.2 codex.",
                "gpt-5.1-codex-max_prompt.md", "Prompt codex max.",
                "gpt_5_codex_prompt.md", "Prompt codex.",
                "gpt_5_2_prompt.md", "Prompt 5.2.",
                "gpt_5_1_prompt.md", "Prompt 5.1."));
        InstructionSource github = cachedGitHub();

        ModelCatalog c = github.catalog(KEY);

        assertThat(c.find("gpt-5.2-codex").orElseThrow().instructions("default")).isEqualTo("Prompt 5.2 codex.");
        assertThat(c.find("gpt-5.1-codex-max").orElseThrow().instructions("default")).isEqualTo("Prompt codex max.");
        assertThat(c.find("gpt-5.1-codex").orElseThrow().instructions("default")).isEqualTo("Prompt codex.");
        assertThat(c.find("gpt-5-codex").orElseThrow().instructions("default")).isEqualTo("Prompt codex.");
        assertThat(c.find("gpt-5.2").orElseThrow().instructions("default")).isEqualTo("Prompt 5.2.");
        assertThat(c.find("gpt-5.1").orElseThrow().instructions("default")).isEqualTo("Prompt 5.1.");
        assertThat(c.resolve("gpt-5.1-codex-max-high").model().slug()).isEqualTo("gpt-5.1-codex-max");
        assertThat(count(Endpoint.GITHUB_PROMPT)).isEqualTo(5);

        Path cache = settings.cacheDir();
        assertThat(Files.readString(cache.resolve("codex-max-instructions.md"))).isEqualTo("Prompt codex max.");
        JsonNode meta = meta("codex-max-instructions-meta.json");
        assertThat(meta.path("tag").asText()).isEqualTo("rust-v0.50.0");
        assertThat(meta.path("etag").asText()).isNotBlank();
        assertThat(meta.path("url").asText()).endsWith("/rust-v0.50.0/codex-rs/core/gpt-5.1-codex-max_prompt.md");

        clock.advance(settings.instructionsTtl());
        assertThat(github.catalog(KEY)).isSameAs(c);
        assertThat(count(Endpoint.GITHUB_PROMPT)).isEqualTo(10);
        assertThat(sandbox.journal().requests(Endpoint.GITHUB_PROMPT).subList(5, 10))
                .allSatisfy(r -> assertThat(r.header("If-None-Match")).isNotBlank());
        assertThat(count(Endpoint.GITHUB_CATALOG)).isEqualTo(2);
    }

    @Test
    void whenTheApiFailsTheReleasePagesRedirectNamesTheTag() {
        start();
        sandbox.faults().arm(Endpoint.GITHUB_LATEST, Fault.status(502), 1);

        ModelCatalog c = cachedGitHub().catalog(KEY);

        assertThat(c.source()).isEqualTo("github " + Sandbox.DEFAULT_RELEASE_TAG);
        assertThat(count(Endpoint.GITHUB_RELEASE_PAGE)).isEqualTo(1);
        assertThat(count(Endpoint.GITHUB_CATALOG)).isEqualTo(1);
    }

    @Test
    void whenGitHubIsDownTheStaleCopyServesThenTheBundledCatalogThenAClearError() {
        start();
        InstructionSource github = cachedGitHub();
        InstructionSource chain = FallbackInstructionSource.of(List.of(github), BundledInstructionSource.create());
        ModelCatalog fetched = chain.catalog(KEY);
        clock.advance(settings.instructionsTtl());
        githubDown();

        assertThat(chain.catalog(KEY)).isSameAs(fetched);

        Path otherHome = home.resolve("other");
        Settings fresh = settings.toBuilder().home(otherHome).build();
        InstructionSource noCache = CachedInstructionSource.of(GitHubInstructionSource.create(fresh, transport),
                fresh.instructionsTtl(), clock);
        assertThat(FallbackInstructionSource.of(List.of(noCache), BundledInstructionSource.create()).catalog(KEY).source())
                .isEqualTo("bundled");

        InstructionSource nothing = BundledInstructionSource.fromResource(getClass().getClassLoader(), "absent.json");
        InstructionSource noCacheAgain = CachedInstructionSource.of(GitHubInstructionSource.create(
                settings.toBuilder().home(home.resolve("third")).build(), transport), fresh.instructionsTtl(), clock);
        assertThatThrownBy(() -> FallbackInstructionSource.of(List.of(noCacheAgain), nothing).catalog(KEY))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("No model catalog is available")
                .hasMessageContaining("github: ")
                .hasMessageContaining("bundled: ");
    }

    @Test
    void aStaleDiskCopyServesANewProcessWhenGitHubIsDown() {
        start();
        ModelCatalog first = cachedGitHub().catalog(KEY);
        clock.advance(Duration.ofHours(5));
        githubDown();

        ModelCatalog c = FallbackInstructionSource.of(List.of(cachedGitHub()), BundledInstructionSource.create()).catalog(KEY);

        assertThat(c.source()).isEqualTo("github " + Sandbox.DEFAULT_RELEASE_TAG);
        assertThat(c.models()).isEqualTo(first.models());
    }

    @Test
    void anExhaustedRateLimitStopsEveryGitHubCallUntilTheReset() {
        start(Sandbox.builder().githubHourlyLimit(1));
        InstructionSource github = cachedGitHub();
        ModelCatalog first = github.catalog(KEY); // the lookup leaves x-ratelimit-remaining: 0
        int total = sandbox.journal().requests().size();

        for (int step = 0; step < 3; step++) {
            clock.advance(settings.instructionsTtl());
            Throwable refused = catchThrowable(() -> github.catalog(KEY));
            assertThat(refused).isInstanceOf(TransientException.class).hasMessageContaining("rate limit");
            assertThat(((TransientException) refused).retryAfter()).isPresent();
        }
        assertThat(sandbox.journal().requests()).hasSize(total);
        assertThat(github.lastKnown(KEY)).containsSame(first);

        clock.advance(Duration.ofMinutes(15)); // an hour after the window opened: GitHub's reset
        assertThat(github.catalog(KEY).models()).isNotEmpty();
        assertThat(count(Endpoint.GITHUB_LATEST)).isEqualTo(2);
    }

    @Test
    void aRefusedRequestStopsGitHubCallsUntilTheReset() {
        start();
        sandbox.faults().arm(Endpoint.GITHUB_LATEST, Fault.status(429), 1);
        InstructionSource github = cachedGitHub();

        assertThatThrownBy(() -> github.catalog(KEY)).isInstanceOf(TransientException.class).hasMessageContaining("429");
        clock.advance(Duration.ofMinutes(59));
        assertThatThrownBy(() -> github.catalog(KEY)).isInstanceOf(TransientException.class);
        assertThat(sandbox.journal().requests()).hasSize(1);
        assertThat(count(Endpoint.GITHUB_RELEASE_PAGE)).isZero();

        clock.advance(Duration.ofMinutes(1));
        assertThat(github.catalog(KEY).models()).isNotEmpty();
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private void githubDown() {
        for (String e : List.of(Endpoint.GITHUB_LATEST, Endpoint.GITHUB_RELEASE_PAGE, Endpoint.GITHUB_CATALOG, Endpoint.GITHUB_PROMPT)) {
            sandbox.faults().arm(e, Fault.status(503), 1000);
        }
    }

    private JsonNode meta(String name) throws IOException {
        return JSON.readTree(Files.readAllBytes(settings.cacheDir().resolve(name)));
    }

    private byte[] catalogWith(String slug) {
        String json = new String(sandbox.catalogJson(), StandardCharsets.UTF_8);
        String extra = "{\"slug\":\"" + slug + "\",\"priority\":0,\"visibility\":\"list\",\"base_instructions\":\"Nova.\"},";
        return json.replaceFirst("\\[", "[" + extra).getBytes(StandardCharsets.UTF_8);
    }
}
