package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ModelsAndUsageTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create();

    static URI models(Sandbox s, String version) {
        return URI.create(s.backendUrl() + "/codex/models?client_version=" + version);
    }

    static List<String> slugs(HttpResponse<String> r) {
        List<String> slugs = new ArrayList<>();
        Http.json(r).path("models").forEach(m -> slugs.add(m.path("slug").asText()));
        return slugs;
    }

    @Test
    void servesTheCatalogWithClassicLiteAndTemplatedModels(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = Http.get(models(sandbox, "0.160.1"), backend.headers());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(slugs(r)).contains("gpt-5.5", "gpt-5.6-sol", "gpt-6-astra");
        JsonNode catalog = Http.json(r).path("models");
        List<String> instructions = new ArrayList<>();
        catalog.forEach(m -> instructions.add(m.path("base_instructions").asText()));
        assertThat(instructions).doesNotHaveDuplicates();
        assertThat(catalog.findValues("use_responses_lite").stream().filter(JsonNode::asBoolean)).isNotEmpty();
        assertThat(catalog.findValues("instructions_template")).isNotEmpty();
    }

    @Test
    void anOldClientVersionGetsAShorterListNotAnError(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        assertThat(slugs(Http.get(models(sandbox, "0.159.0"), backend.headers())))
                .contains("gpt-5.6-sol").doesNotContain("gpt-6-astra");
        assertThat(slugs(Http.get(models(sandbox, "0.100.0"), backend.headers())))
                .contains("gpt-5.5").doesNotContain("gpt-5.6-sol", "gpt-6-astra");
    }

    @Test
    void answers304ToAMatchingETag(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        String etag = Http.get(models(sandbox, "0.160.1"), backend.headers()).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = Http.get(models(sandbox, "0.160.1"), backend.headers("If-None-Match", etag));

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void aNewCatalogChangesTheETagAndTheModelsEtagOfResponses(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        var request = backend.classic("hi");
        String before = Http.get(models(sandbox, "0.160.1"), backend.headers()).headers().firstValue("ETag").orElseThrow();
        String catalog = new String(sandbox.catalogJson(), StandardCharsets.UTF_8)
                .replace("\"display_name\": \"GPT-5.5\"", "\"display_name\": \"GPT-5.5 (renamed)\"");
        assertThat(catalog).contains("renamed");

        sandbox.setCatalog(catalog.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> after = Http.get(models(sandbox, "0.160.1"), backend.headers("If-None-Match", before));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(before);
        assertThat(backend.respond(request).headers().firstValue("X-Models-Etag")).isEqualTo(after.headers().firstValue("ETag"));
        sandbox.reset();
        assertThat(Http.get(models(sandbox, "0.160.1"), backend.headers()).headers().firstValue("ETag")).hasValue(before);
    }

    @Test
    void refusesACatalogThatIsNotOne(Sandbox sandbox) {
        assertThatThrownBy(() -> sandbox.setCatalog("{\"data\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCatalogNeedsALiveToken(Sandbox sandbox) {
        assertThat(Http.get(models(sandbox, "0.160.1")).statusCode()).isEqualTo(401);
    }

    @Test
    void usageReportsPlanWindowsAndCreditsMatchingTheHeaders(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);

        HttpResponse<String> r = Http.get(URI.create(sandbox.backendUrl() + "/wham/usage"), backend.headers());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r);
        assertThat(body.path("plan_type").asText()).isEqualTo("plus");
        JsonNode primary = body.path("rate_limit").path("primary_window");
        assertThat(primary.path("limit_window_seconds").asInt()).isEqualTo(5 * 3600);
        assertThat(body.path("rate_limit").path("secondary_window").path("limit_window_seconds").asInt()).isEqualTo(7 * 86400);
        assertThat(body.path("rate_limit").path("allowed").asBoolean()).isTrue();
        assertThat(body.path("credits").has("balance")).isTrue();
        assertThat(r.headers().firstValue("x-codex-primary-used-percent")).hasValue(primary.path("used_percent").asText());
        assertThat(r.headers().firstValue("x-codex-primary-reset-at")).hasValue(primary.path("reset_at").asText());
    }
}
