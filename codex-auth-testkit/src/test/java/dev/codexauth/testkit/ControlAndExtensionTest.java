package dev.codexauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlAndExtensionTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().answer("Controlled."));

    @RepeatedTest(2)
    void eachTestStartsWithAnEmptyJournalOnTheSameSandbox(Sandbox sandbox) {
        assertThat(sandbox).isSameAs(SANDBOX.sandbox());
        assertThat(sandbox.journal().requests()).isEmpty();
        Http.get(URI.create(sandbox.issuerUrl() + "/.well-known/jwks.json"));
        assertThat(sandbox.journal().count(Endpoint.JWKS)).isEqualTo(1);
    }

    @Test
    void theJournalIsServedAsJsonWithCountsForEveryEndpoint(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        backend.respond(backend.classic("hi"));
        Http.get(URI.create(sandbox.url() + "/nowhere"));

        JsonNode journal = Http.json(Http.get(URI.create(sandbox.url() + "/__sandbox/journal")));

        assertThat(journal.path("counts").path("responses").asInt()).isEqualTo(1);
        assertThat(journal.path("counts").path("models").asInt()).isEqualTo(1);
        assertThat(journal.path("counts").path("unknown").asInt()).isEqualTo(1);
        assertThat(journal.path("counts").path("github.latest").asInt()).isZero();
        JsonNode first = journal.path("requests").get(0);
        assertThat(first.path("method").asText()).isEqualTo("GET");
        assertThat(first.path("path").asText()).startsWith("/backend-api/codex/models?client_version=");
        assertThat(first.path("headers").path("authorization").asText()).isEqualTo("Bearer ***");
        assertThat(journal.toString()).doesNotContain(backend.creds.accessToken());
    }

    @Test
    void resetOverHttpClearsJournalAndFaults(Sandbox sandbox) {
        Backend backend = new Backend(sandbox);
        Http.postJson(URI.create(sandbox.url() + "/__sandbox/faults"), Map.of("endpoint", "responses", "fault", "overloaded"));

        assertThat(Http.postJson(URI.create(sandbox.url() + "/__sandbox/reset"), "{}").statusCode()).isEqualTo(200);

        assertThat(sandbox.journal().requests()).isEmpty();
        assertThat(sandbox.faults().pending(Endpoint.RESPONSES)).isZero();
        assertThat(backend.respond(backend.classic("hi")).body()).contains("Controlled.");
    }

    @Test
    void anUnknownPathIs404AndJournaled(Sandbox sandbox) {
        assertThat(Http.get(URI.create(sandbox.url() + "/v1/chat/completions")).statusCode()).isEqualTo(404);
        assertThat(sandbox.journal().count(Endpoint.UNKNOWN)).isEqualTo(1);
    }
}
