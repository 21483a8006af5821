package dev.codexauth.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFileSourcesTest {

    static final CatalogKey KEY = new CatalogKey("acct", "0.160.1");

    @TempDir
    Path dir;

    final AtomicInteger chainCalls = new AtomicInteger();
    final InstructionSource bundled = BundledInstructionSource.create();
    final InstructionSource chain = new InstructionSource() {
        @Override
        public ModelCatalog catalog(CatalogKey key) {
            chainCalls.incrementAndGet();
            return bundled.catalog(key);
        }

        @Override
        public String name() {
            return "chain";
        }
    };

    private Settings settings(Path catalogFile, Path instructionsFile) {
        Settings.Builder b = Settings.builder(new Properties(), Map.of());
        if (catalogFile != null) {
            b.catalogFile(catalogFile);
        }
        if (instructionsFile != null) {
            b.instructionsFile(instructionsFile);
        }
        return b.build();
    }

    @Test
    void aUsersCatalogFileWinsOverEveryOtherSource() throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, "{\"models\":[{\"slug\":\"my-model\",\"base_instructions\":\"Mine.\"}]}");

        ModelCatalog c = UserFileSources.over(chain, settings(file, null)).catalog(KEY);

        assertThat(c.models()).extracting(ModelInfo::slug).containsExactly("my-model");
        assertThat(c.source()).isEqualTo(file.toString());
        assertThat(chainCalls).hasValue(0);
    }

    @Test
    void withoutUserFilesTheChainIsUsedAsIs() {
        assertThat(UserFileSources.over(chain, settings(null, null))).isSameAs(chain);
    }

    @Test
    void aUsersInstructionsFileReplacesEveryModelsInstructions() throws IOException {
        Path file = dir.resolve("instructions.md");
        Files.writeString(file, "My own Codex instructions.");

        InstructionSource source = UserFileSources.over(chain, settings(null, file));
        ModelCatalog c = source.catalog(KEY);

        assertThat(c.models()).allSatisfy(m -> {
            assertThat(m.instructions("default")).isEqualTo("My own Codex instructions.");
            assertThat(m.instructions("friendly")).isEqualTo("My own Codex instructions.");
        });
        assertThat(c.find("gpt-5.6-sol").orElseThrow().useResponsesLite()).isTrue();
        assertThat(source.catalog(KEY)).isSameAs(c);
    }

    @Test
    void instructionsComeFromTheTemplateWithThePersonalityElseFromTheBase() {
        ModelCatalog c = chain.catalog(KEY);

        assertThat(c.find("gpt-6-astra").orElseThrow().instructions("default")).isEqualTo("Astra template. Be direct. End.");
        assertThat(c.find("gpt-6-astra").orElseThrow().instructions("friendly")).isEqualTo("Astra template. Be warm. End.");
        assertThat(c.find("gpt-6-astra").orElseThrow().instructions("pragmatic")).isEqualTo("Astra template.  End.");
        assertThat(c.find("gpt-5.5").orElseThrow().instructions("friendly")).isEqualTo("Bundled test instructions for gpt-5.5.");
    }

    @Test
    void aModelWithoutInstructionsIsNeverSentAndTheErrorSaysWhy() {
        ModelInfo bare = ModelCatalog.parse("{\"models\":[{\"slug\":\"bare\"}]}".getBytes(), "x", null, null).models().get(0);

        assertThatThrownBy(() -> bare.requireInstructions("default"))
                .isInstanceOf(dev.codexauth.error.ProtocolException.class)
                .hasMessageContaining("gives no instructions for 'bare'");
        assertThat(chain.catalog(KEY).find("gpt-5.5").orElseThrow().requireInstructions("default"))
                .isEqualTo("Bundled test instructions for gpt-5.5.");
    }

    @Test
    void aCatalogFileThatIsNotJsonIsAnErrorNamingTheFileAndTheProblem() throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, "{\"models\": [ {\"slug\": ");

        assertThatThrownBy(() -> UserFileSources.catalogFile(file).catalog(KEY))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The catalog file " + file + " is invalid: not valid JSON")
                .hasMessageContaining(Settings.CATALOG_FILE);
    }

    @Test
    void aCatalogFileWithoutModelsIsAnErrorNamingTheFileAndTheProblem() throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, "{\"data\": []}");

        assertThatThrownBy(() -> UserFileSources.catalogFile(file).catalog(KEY))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file + " is invalid: no \"models\" array at the top level");
    }

    @Test
    void aCatalogFileWithAModelWithoutInstructionsIsAnError() throws IOException {
        Path file = dir.resolve("models.json");
        Files.writeString(file, "{\"models\":[{\"slug\":\"a\",\"base_instructions\":\"x\"},{\"slug\":\"b\"}]}");

        assertThatThrownBy(() -> UserFileSources.catalogFile(file).catalog(KEY))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file + " is invalid: model(s) b have neither \"base_instructions\"");
    }

    @Test
    void aMissingCatalogFileIsAnErrorNamingIt() {
        Path file = dir.resolve("nowhere.json");

        assertThatThrownBy(() -> UserFileSources.over(chain, settings(file, null)).catalog(KEY))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The catalog file " + file + " does not exist");
        assertThat(chainCalls).hasValue(0);
    }

    @Test
    void anEmptyInstructionsFileIsAnErrorNamingIt() throws IOException {
        Path file = dir.resolve("instructions.md");
        Files.writeString(file, "  \n");

        assertThatThrownBy(() -> UserFileSources.over(chain, settings(null, file)).catalog(KEY))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The instructions file " + file + " is invalid: it is empty");
    }

    @Test
    void anInstructionsFileThatIsNotUtf8IsAnErrorNamingIt() throws IOException {
        Path file = dir.resolve("instructions.md");
        Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28, 'a'});

        assertThatThrownBy(() -> UserFileSources.over(chain, settings(null, file)).catalog(KEY))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The instructions file " + file + " is invalid: it is not UTF-8 text");
    }
}
