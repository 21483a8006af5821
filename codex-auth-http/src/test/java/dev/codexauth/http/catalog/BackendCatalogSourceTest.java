package dev.codexauth.http.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.config.Settings;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.CachedInstructionSource;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.instructions.ModelInfo;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.JournalEntry;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import dev.codexauth.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendCatalogSourceTest {

    @TempDir
    Path home;

    final MutableClock clock = new MutableClock(Instant.now());
    Sandbox sandbox;
    Settings settings;
    HttpTransport transport;
    Credentials credentials;
    InstructionSource cached;
    CatalogKey key;

    @BeforeEach
    void start() {
        sandbox = Sandbox.builder().clock(clock).start();
        settings = sandbox.settings().home(home).clock(clock).build();
        transport = HttpTransport.create(settings);
        credentials = sandbox.mintCredentials();
        cached = CachedInstructionSource.of(
                BackendCatalogSource.create(settings, transport, CredentialsProvider.fixed(credentials)),
                settings.catalogTtl(), clock);
        key = new CatalogKey(credentials.accountId(), settings.clientVersion());
    }

    @AfterEach
    void stop() {
        transport.close();
        sandbox.close();
    }

    @Test
    void aThousandRequestsWithinTheTtlCauseOneCatalogFetch() {
        for (int i = 0; i < 1000; i++) {
            assertThat(cached.catalog(key).models()).isNotEmpty();
            clock.advance(Duration.ofMillis(250));
        }

        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
    }

    @Test
    void concurrentCallersShareOneCatalogFetch() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ModelCatalog>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(pool.submit(() -> cached.catalog(key)));
            }
            for (Future<ModelCatalog> f : all) {
                assertThat(f.get(10, TimeUnit.SECONDS).source()).isEqualTo("backend");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
    }

    @Test
    void theCatalogRequestCarriesTheCodexHeadersAndTheClientVersion() {
        cached.catalog(key);

        JournalEntry request = sandbox.journal().last(Endpoint.MODELS);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/backend-api/codex/models?client_version=" + settings.clientVersion());
        assertThat(request.header("Authorization")).isEqualTo("Bearer ***");
        assertThat(request.header("ChatGPT-Account-ID")).isEqualTo(sandbox.account().accountId());
        assertThat(request.header("originator")).isEqualTo("codex_cli_rs");
        assertThat(request.header("version")).isEqualTo(settings.clientVersion());
        assertThat(request.header("User-Agent")).isEqualTo("codex_cli_rs/" + settings.clientVersion());
        assertThat(request.header("If-None-Match")).isNull();
    }

    @Test
    void theAccountsCatalogIsReadWithItsInstructionsAndEtag() {
        ModelCatalog c = cached.catalog(key);

        assertThat(c.models()).extracting(ModelInfo::slug).contains("gpt-5.5", "gpt-5.6-sol", "gpt-6-astra");
        assertThat(c.etag()).isNotBlank();
        assertThat(c.find("gpt-5.5").orElseThrow().instructions("default")).isNotBlank();
        assertThat(c.find("gpt-5.6-sol").orElseThrow().useResponsesLite()).isTrue();
    }

    @Test
    void afterTheTtlOneConditionalRequestKeepsTheCopyAndResetsTheTimer() {
        ModelCatalog first = cached.catalog(key);
        clock.advance(settings.catalogTtl());

        assertThat(cached.catalog(key)).isSameAs(first);
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
        assertThat(sandbox.journal().last(Endpoint.MODELS).header("If-None-Match")).isEqualTo(first.etag());

        clock.advance(settings.catalogTtl().minusSeconds(1));
        for (int i = 0; i < 100; i++) {
            cached.catalog(key);
        }
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
    }

    @Test
    void aChangedModelsEtagCausesOneRefetch() {
        ModelCatalog first = cached.catalog(key);
        sandbox.setCatalog(catalogWith("gpt-7-nova"));

        cached.catalogChanged(key, "\"a-different-etag\"");
        for (int i = 0; i < 1000; i++) {
            assertThat(cached.catalog(key).find("gpt-7-nova")).isPresent();
        }

        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
        assertThat(sandbox.journal().last(Endpoint.MODELS).header("If-None-Match")).isNull();
        assertThat(cached.catalog(key).etag()).isNotEqualTo(first.etag());
    }

    @Test
    void theXModelsEtagOfARealResponseDrivesTheRefetch() {
        ModelCatalog first = cached.catalog(key);
        HttpTransport.Reply unchanged = respond(first, "gpt-5.5");
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.header("X-Models-Etag")).isEqualTo(first.etag());
        cached.catalogChanged(key, unchanged.header("X-Models-Etag"));
        cached.catalog(key);
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);

        sandbox.setCatalog(catalogWith("gpt-7-nova"));
        HttpTransport.Reply changed = respond(first, "gpt-5.5");
        assertThat(changed.header("X-Models-Etag")).isNotEqualTo(first.etag());
        cached.catalogChanged(key, changed.header("X-Models-Etag"));
        for (int i = 0; i < 1000; i++) {
            cached.catalog(key);
        }

        ModelCatalog second = cached.catalog(key);
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
        assertThat(second.etag()).isEqualTo(changed.header("X-Models-Etag"));
        assertThat(respond(second, "gpt-7-nova").status()).isEqualTo(200);
    }

    /** A real Codex request with the catalog's instructions for {@code slug}, read whole. */
    private HttpTransport.Reply respond(ModelCatalog catalog, String slug) {
        ModelInfo model = catalog.find(slug).orElseThrow();
        com.fasterxml.jackson.databind.node.ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        body.put("model", model.slug());
        body.put("store", false);
        body.put("stream", true);
        body.put("instructions", model.requireInstructions(settings.personality()));
        body.putArray("input").addObject().put("type", "message").put("role", "user")
                .putArray("content").addObject().put("type", "input_text").put("text", "Hello");
        body.putArray("include").add("reasoning.encrypted_content");
        String conversation = java.util.UUID.randomUUID().toString();
        body.put("prompt_cache_key", conversation);
        org.apache.hc.client5.http.classic.methods.HttpPost post =
                new org.apache.hc.client5.http.classic.methods.HttpPost(settings.baseUrl() + "/codex/responses");
        post.setHeader("Authorization", "Bearer " + credentials.accessToken());
        post.setHeader("ChatGPT-Account-ID", credentials.accountId());
        post.setHeader("originator", settings.originator());
        post.setHeader("version", settings.clientVersion());
        post.setHeader("User-Agent", settings.originator() + "/" + settings.clientVersion());
        post.setHeader("session-id", conversation);
        post.setHeader("thread-id", conversation);
        post.setHeader("x-client-request-id", conversation);
        post.setHeader("Accept", "text/event-stream");
        post.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(body.toString(),
                org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
        return transport.send(post);
    }

    InstructionSource newProcess() {
        return CachedInstructionSource.of(
                BackendCatalogSource.create(settings, transport, CredentialsProvider.fixed(credentials)),
                settings.catalogTtl(), clock);
    }

    @Test
    void aNewProcessWithinTheTtlStartsFromTheDiskCopyWithoutARequest() {
        ModelCatalog first = cached.catalog(key);
        clock.advance(Duration.ofMinutes(4));

        ModelCatalog again = newProcess().catalog(key);

        assertThat(again.models()).isEqualTo(first.models());
        assertThat(again.etag()).isEqualTo(first.etag());
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
    }

    @Test
    void aNewProcessAfterTheTtlAsksConditionallyWithTheDiskCopysEtag() {
        ModelCatalog first = cached.catalog(key);
        clock.advance(Duration.ofMinutes(6));

        InstructionSource second = newProcess();
        assertThat(second.catalog(key).models()).isEqualTo(first.models());
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
        assertThat(sandbox.journal().last(Endpoint.MODELS).header("If-None-Match")).isEqualTo(first.etag());

        // the 304 confirmed the disk copy too: a third process within the TTL asks nothing
        clock.advance(Duration.ofMinutes(4));
        newProcess().catalog(key);
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
    }

    @Test
    void theDiskCopyIsOwnerOnlyAndHoldsNeitherTokenNorAccountIdInItsName() throws java.io.IOException {
        cached.catalog(key);

        try (var files = java.nio.file.Files.list(settings.cacheDir())) {
            List<Path> cacheFiles = files.toList();
            assertThat(cacheFiles).hasSize(1);
            Path file = cacheFiles.get(0);
            assertThat(file.getFileName().toString()).matches("models-cache-[0-9a-f]{16}\\.json")
                    .doesNotContain(credentials.accountId());
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            String text = java.nio.file.Files.readString(file);
            assertThat(text).doesNotContain(credentials.accessToken()).doesNotContain(credentials.refreshToken());
        }
    }

    @Test
    void whenTheBackendIsDownANewProcessFallsBackToTheStaleDiskCopyBeforeTheBundledCatalog() {
        ModelCatalog first = cached.catalog(key);
        clock.advance(Duration.ofHours(3));
        sandbox.faults().arm(Endpoint.MODELS, Fault.status(503), 100);

        ModelCatalog c = dev.codexauth.instructions.FallbackInstructionSource.of(List.of(newProcess()),
                dev.codexauth.instructions.BundledInstructionSource.create()).catalog(key);

        assertThat(c.source()).isEqualTo("backend");
        assertThat(c.models()).isEqualTo(first.models());
    }

    @Test
    void theSameModelsEtagCausesNoRequest() {
        ModelCatalog first = cached.catalog(key);

        cached.catalogChanged(key, first.etag());
        cached.catalog(key);

        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
    }

    @Test
    void eachClientVersionHasItsOwnCatalog() {
        ModelCatalog current = cached.catalog(key);
        ModelCatalog old = cached.catalog(new CatalogKey(key.accountId(), "0.150.0"));

        assertThat(current.find("gpt-6-astra")).isPresent();
        assertThat(old.models()).extracting(ModelInfo::slug).doesNotContain("gpt-6-astra");
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
        assertThat(sandbox.journal().last(Endpoint.MODELS).path()).endsWith("client_version=0.150.0");
    }

    @Test
    void aRejectedTokenIsReplacedOnceAndTheRequestRepeated() {
        AtomicInteger replaced = new AtomicInteger();
        CredentialsProvider refreshing = new CredentialsProvider() {
            @Override
            public Credentials credentials() {
                return credentials;
            }

            @Override
            public Credentials afterUnauthorized(Credentials rejected) {
                replaced.incrementAndGet();
                return sandbox.mintCredentials();
            }
        };
        sandbox.faults().arm(Endpoint.MODELS, Fault.unauthorized(), 1);

        ModelCatalog c = BackendCatalogSource.create(settings, transport, refreshing).fetch(key, null);

        assertThat(c.models()).isNotEmpty();
        assertThat(replaced).hasValue(1);
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
    }

    @Test
    void aServerErrorIsTransientAndTheStaleCopyStaysAvailable() {
        ModelCatalog first = cached.catalog(key);
        clock.advance(settings.catalogTtl());
        sandbox.faults().arm(Endpoint.MODELS, Fault.status(500), 5);

        assertThatThrownBy(() -> cached.catalog(key))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("The backend answered 500 to the model catalog request");
        assertThatThrownBy(() -> cached.catalog(key)).isInstanceOf(TransientException.class);
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(2);
        assertThat(cached.lastKnown(key)).containsSame(first);
    }

    @Test
    void aForbiddenCatalogIsARejectionWithTheRequestIdNotARequestToSignInAgain() {
        sandbox.faults().arm(Endpoint.MODELS, Fault.status(403), 1);

        assertThatThrownBy(() -> cached.catalog(key))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.requestId()).isPresent();
                    assertThat(e.getMessage()).contains("(request id " + e.requestId().orElseThrow() + ")")
                            .contains("may not read its model catalog").doesNotContain("Sign in again");
                });
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
    }

    @Test
    void aCatalogRequestRejectedEvenAfterATokenRefreshAsksToSignInAgain() {
        sandbox.faults().arm(Endpoint.MODELS, Fault.status(401), 2);

        assertThatThrownBy(() -> cached.catalog(key))
                .isInstanceOf(SignInRequiredException.class)
                .hasMessageContaining("Sign in again");
    }

    @Test
    void noTokenAppearsInAnErrorMessage() {
        sandbox.faults().arm(Endpoint.MODELS, Fault.status(500), 1);

        assertThatThrownBy(() -> cached.catalog(key))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(credentials.accessToken()));
    }

    private byte[] catalogWith(String slug) {
        String json = new String(sandbox.catalogJson(), StandardCharsets.UTF_8);
        String extra = "{\"slug\":\"" + slug + "\",\"priority\":0,\"visibility\":\"list\",\"base_instructions\":\"Nova.\"},";
        return json.replaceFirst("\\[", "[" + extra).getBytes(StandardCharsets.UTF_8);
    }
}
