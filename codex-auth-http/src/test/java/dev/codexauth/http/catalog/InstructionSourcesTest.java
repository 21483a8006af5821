package dev.codexauth.http.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import dev.codexauth.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstructionSourcesTest {

    @TempDir
    Path home;

    final MutableClock clock = new MutableClock(Instant.now());
    Sandbox sandbox;
    HttpTransport transport;
    Credentials credentials;
    CatalogKey key;

    @BeforeEach
    void start() {
        sandbox = Sandbox.builder().clock(clock).start();
        transport = HttpTransport.create(settings().build());
        credentials = sandbox.mintCredentials();
        key = new CatalogKey(credentials.accountId(), Settings.DEFAULT_CLIENT_VERSION);
    }

    @AfterEach
    void stop() {
        transport.close();
        sandbox.close();
    }

    Settings.Builder settings() {
        return sandbox.settings().home(home).clock(clock);
    }

    @Test
    void theStandardChainAsksTheAccountsCatalogFirst() {
        InstructionSource chain = InstructionSources.standard(settings().build(), transport, CredentialsProvider.fixed(credentials));

        assertThat(chain.catalog(key).source()).isEqualTo("backend");
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
        assertThat(sandbox.journal().count(Endpoint.GITHUB_LATEST)).isZero();
    }

    @Test
    void withoutASignInTheStandardChainUsesGitHub() {
        InstructionSource chain = InstructionSources.standard(settings().build(), transport, null);

        assertThat(chain.catalog(key).source()).startsWith("github ");
        assertThat(sandbox.journal().count(Endpoint.MODELS)).isZero();
    }

    @Test
    void whenTheBackendFailsTheStandardChainFallsBackToGitHub() {
        sandbox.faults().arm(Endpoint.MODELS, Fault.status(500), 10);
        InstructionSource chain = InstructionSources.standard(settings().build(), transport, CredentialsProvider.fixed(credentials));

        assertThat(chain.catalog(key).source()).startsWith("github ");
    }

    @Test
    void aUsersCatalogFileWinsAndNoNetworkIsUsed() throws IOException {
        Path file = home.resolve("my-models.json");
        Files.writeString(file, "{\"models\":[{\"slug\":\"gpt-5.5\",\"base_instructions\":\"Mine.\"}]}");
        InstructionSource chain = InstructionSources.standard(settings().catalogFile(file).build(), transport,
                CredentialsProvider.fixed(credentials));

        assertThat(chain.catalog(key).find("gpt-5.5").orElseThrow().instructions("default")).isEqualTo("Mine.");
        assertThat(sandbox.journal().requests()).isEmpty();
    }

    @Test
    void anInvalidUserCatalogFileIsAClearErrorNamingTheFileAndTheProblem() throws IOException {
        Path file = home.resolve("my-models.json");
        Files.writeString(file, "[1, 2, 3]");
        InstructionSource chain = InstructionSources.standard(settings().catalogFile(file).build(), transport,
                CredentialsProvider.fixed(credentials));

        assertThatThrownBy(() -> chain.catalog(key))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The catalog file " + file + " is invalid: no \"models\" array at the top level");
        assertThat(sandbox.journal().requests()).isEmpty();
    }

    @Test
    void aUsersInstructionsFileReplacesTheInstructionsOfTheAccountsCatalog() throws IOException {
        Path file = home.resolve("instructions.md");
        Files.writeString(file, "Override.");
        InstructionSource chain = InstructionSources.standard(settings().instructionsFile(file).build(), transport,
                CredentialsProvider.fixed(credentials));

        assertThat(chain.catalog(key).source()).startsWith("backend");
        assertThat(chain.catalog(key).models()).allSatisfy(m -> assertThat(m.instructions("default")).isEqualTo("Override."));
    }

    @Test
    void whileTheBackendsCatalogFailsTheModelsEtagOfEachReplyCausesNoCatalogRequest() {
        sandbox.faults().arm(Endpoint.MODELS, Fault.status(503), 1000);
        InstructionSource chain = InstructionSources.standard(settings().build(), transport, CredentialsProvider.fixed(credentials));
        ModelCatalog github = chain.catalog(key);
        assertThat(github.source()).startsWith("github ");

        for (int i = 0; i < 50; i++) {
            // what the client does after every reply whose X-Models-Etag differs from the catalog it used
            chain.catalogChanged(key, "\"account-catalog-etag\"");
            assertThat(chain.catalog(key).source()).startsWith("github ");
        }

        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
    }

    @Test
    void theBackendAndGitHubSourcesAreCachedAndTheirFetchersAreNoInstructionSources() {
        InstructionSource backend = InstructionSources.backend(settings().build(), transport, CredentialsProvider.fixed(credentials));
        InstructionSource github = InstructionSources.github(settings().build(), transport);

        for (int i = 0; i < 100; i++) {
            assertThat(backend.catalog(key).source()).isEqualTo("backend");
            assertThat(github.catalog(key).source()).startsWith("github ");
        }

        assertThat(sandbox.journal().count(Endpoint.MODELS)).isEqualTo(1);
        assertThat(sandbox.journal().count(Endpoint.GITHUB_CATALOG)).isEqualTo(1);
        assertThat(InstructionSource.class.isAssignableFrom(BackendCatalogSource.class)).isFalse();
        assertThat(InstructionSource.class.isAssignableFrom(GitHubInstructionSource.class)).isFalse();
    }
}
