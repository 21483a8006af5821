package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GithubTest {

    static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().clock(CLOCK).githubHourlyLimit(3));

    static URI latest(Sandbox s) {
        return URI.create(s.githubApiUrl() + "/repos/openai/codex/releases/latest");
    }

    static URI raw(Sandbox s, String tag, String path) {
        return URI.create(s.githubRawUrl() + "/openai/codex/" + tag + "/" + path);
    }

    @Test
    void theLatestReleaseNamesItsTagWithAnETagAndRateLimitHeaders(Sandbox sandbox) {
        HttpResponse<String> r = Http.get(latest(sandbox), "Accept", "application/vnd.github+json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r).path("tag_name").asText()).isEqualTo(Sandbox.DEFAULT_RELEASE_TAG);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-limit")).hasValue("3");
        assertThat(r.headers().firstValue("x-ratelimit-remaining")).hasValue("2");
        assertThat(Long.parseLong(r.headers().firstValue("x-ratelimit-reset").orElseThrow()))
                .isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)).getEpochSecond());
    }

    @Test
    void aMatchingETagGets304WithoutSpendingTheLimit(Sandbox sandbox) {
        String etag = Http.get(latest(sandbox)).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = Http.get(latest(sandbox), "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.headers().firstValue("x-ratelimit-remaining")).hasValue("2");
    }

    @Test
    void overTheHourlyLimitTheApiAnswers403UntilTheWindowResets(Sandbox sandbox) {
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(latest(sandbox)).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = Http.get(latest(sandbox));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(Http.json(refused).path("message").asText()).startsWith("API rate limit exceeded");
        CLOCK.advance(Duration.ofHours(1));
        assertThat(Http.get(latest(sandbox)).statusCode()).isEqualTo(200);
    }

    @Test
    void theReleasePageRedirectsToTheLatestTag(Sandbox sandbox) {
        HttpResponse<String> r = Http.get(URI.create(sandbox.githubWebUrl() + "/openai/codex/releases/latest"));

        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(sandbox.githubWebUrl() + "/openai/codex/releases/tag/" + Sandbox.DEFAULT_RELEASE_TAG);
        assertThat(Http.get(URI.create(location)).statusCode()).isEqualTo(200);
        assertThat(sandbox.journal().count(Endpoint.GITHUB_RELEASE_PAGE)).isEqualTo(2);
    }

    @Test
    void theCatalogFileIsServedAtBothPathsWithETags(Sandbox sandbox) {
        HttpResponse<String> current = Http.get(raw(sandbox, Sandbox.DEFAULT_RELEASE_TAG, "codex-rs/models-manager/models.json"));
        HttpResponse<String> older = Http.get(raw(sandbox, Sandbox.DEFAULT_RELEASE_TAG, "codex-rs/core/models.json"));

        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).isEqualTo(new String(sandbox.catalogJson(), StandardCharsets.UTF_8));
        assertThat(older.body()).isEqualTo(current.body());
        String etag = current.headers().firstValue("ETag").orElseThrow();
        assertThat(Http.get(raw(sandbox, Sandbox.DEFAULT_RELEASE_TAG, "codex-rs/models-manager/models.json"),
                "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(Http.get(raw(sandbox, "rust-v9.9.9", "codex-rs/models-manager/models.json")).statusCode()).isEqualTo(404);
        assertThat(sandbox.journal().count(Endpoint.GITHUB_CATALOG)).isEqualTo(4);
    }

    @Test
    void the2025ReleaseHasPromptFilesAndNoCatalog(Sandbox sandbox) {
        HttpResponse<String> prompt = Http.get(raw(sandbox, Sandbox.LEGACY_RELEASE_TAG, "codex-rs/core/gpt_5_codex_prompt.md"));

        assertThat(prompt.statusCode()).isEqualTo(200);
        assertThat(prompt.body()).contains("gpt-5-codex");
        String etag = prompt.headers().firstValue("ETag").orElseThrow();
        assertThat(Http.get(raw(sandbox, Sandbox.LEGACY_RELEASE_TAG, "codex-rs/core/gpt_5_codex_prompt.md"),
                "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(Http.get(raw(sandbox, Sandbox.LEGACY_RELEASE_TAG, "codex-rs/models-manager/models.json")).statusCode())
                .isEqualTo(404);
        assertThat(sandbox.journal().count(Endpoint.GITHUB_PROMPT)).isEqualTo(2);
    }

    @Test
    void publishingAReleaseMovesLatestAndServesItsFiles(Sandbox sandbox) {
        byte[] catalog = "{\"models\":[{\"slug\":\"gpt-7\",\"base_instructions\":\"seven\"}]}".getBytes(StandardCharsets.UTF_8);

        sandbox.publishRelease("rust-v0.161.0", catalog);

        assertThat(Http.json(Http.get(latest(sandbox))).path("tag_name").asText()).isEqualTo("rust-v0.161.0");
        assertThat(Http.get(raw(sandbox, "rust-v0.161.0", "codex-rs/models-manager/models.json")).body()).contains("gpt-7");

        sandbox.publishLegacyRelease("rust-v0.50.0", Map.of("gpt_5_1_prompt.md", "old prompt"));

        assertThat(Http.json(Http.get(latest(sandbox))).path("tag_name").asText()).isEqualTo("rust-v0.50.0");
        assertThat(Http.get(raw(sandbox, "rust-v0.50.0", "codex-rs/core/gpt_5_1_prompt.md")).body()).isEqualTo("old prompt");
        assertThat(Http.get(raw(sandbox, "rust-v0.50.0", "codex-rs/core/models.json")).statusCode()).isEqualTo(404);
        sandbox.reset();
        assertThat(Http.json(Http.get(latest(sandbox))).path("tag_name").asText()).isEqualTo(Sandbox.DEFAULT_RELEASE_TAG);
    }
}
