package dev.codexauth.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.RequestRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelAliasesTest {

    static final ModelCatalog CATALOG = BundledInstructionSource.create().catalog(new CatalogKey(null, null));

    private static ResolvedModel resolve(String name) {
        return CATALOG.resolve(name);
    }

    @Test
    void anExactSlugIsItsOwnModelWithNoEffort() {
        assertThat(resolve("gpt-5.6-sol").model().slug()).isEqualTo("gpt-5.6-sol");
        assertThat(resolve("gpt-5.6-sol").effortFromName()).isNull();
    }

    @Test
    void slugsMatchWhateverTheCase() {
        assertThat(resolve("GPT-6-Astra").model().slug()).isEqualTo("gpt-6-astra");
    }

    @Test
    void aNamespaceIsDropped() {
        assertThat(resolve("openai/gpt-5.5").model().slug()).isEqualTo("gpt-5.5");
    }

    @Test
    void anEffortSuffixOnACurrentSlugSetsTheEffort() {
        ResolvedModel r = resolve("gpt-5.5-xhigh");
        assertThat(r.model().slug()).isEqualTo("gpt-5.5");
        assertThat(r.effortFromName()).isEqualTo("xhigh");
    }

    @ParameterizedTest
    @CsvSource({"none", "minimal", "low", "medium", "high", "xhigh"})
    void everyEffortSuffixIsRecognised(String effort) {
        assertThat(resolve("gpt-5.6-sol-" + effort).effortFromName()).isEqualTo(effort);
    }

    @Test
    void theLongestSlugThatPrefixesTheNameWins() {
        // gpt-5.5 and gpt-5.5-internal-preview both prefix it; the longer one is the model meant
        assertThat(resolve("gpt-5.5-internal-preview-2026-11").model().slug()).isEqualTo("gpt-5.5-internal-preview");
        assertThat(resolve("gpt-5.5-2026-11-01").model().slug()).isEqualTo("gpt-5.5");
    }

    @Test
    void aPrefixMatchKeepsTheEffortSuffix() {
        ResolvedModel r = resolve("gpt-5.5-2026-11-01-high");
        assertThat(r.model().slug()).isEqualTo("gpt-5.5");
        assertThat(r.effortFromName()).isEqualTo("high");
    }

    @Test
    void noNameMeansTheDefaultModelTheFirstListedByPriority() {
        assertThat(resolve(null).model().slug()).isEqualTo("gpt-6-astra");
        assertThat(resolve("  ").model().slug()).isEqualTo("gpt-6-astra");
    }

    @Test
    void aCatalogSlugWinsOverTheAliasTable() {
        ModelCatalog old = ModelCatalog.parse("""
                {"models":[{"slug":"gpt-5-codex","priority":1,"base_instructions":"old"},
                           {"slug":"gpt-5.5","priority":2,"base_instructions":"new"}]}""".getBytes(), "github old", null, null);
        assertThat(old.resolve("gpt-5-codex-low").model().slug()).isEqualTo("gpt-5-codex");
        assertThat(old.resolve("gpt-5-codex-low").effortFromName()).isEqualTo("low");
    }

    /** The 2025 plugin's names (its test suite and configs), each mapped to today's model or refused. */
    @ParameterizedTest(name = "{0} -> {1} effort {2}")
    @CsvSource(nullValues = "null", value = {
            "gpt-5-codex, gpt-5.5, null",
            "gpt-5-codex-low, gpt-5.5, low",
            "gpt-5-codex-medium, gpt-5.5, medium",
            "gpt-5-codex-high, gpt-5.5, high",
            "openai/gpt-5-codex, gpt-5.5, null",
            "GPT-5-CODEX, gpt-5.5, null",
            "Gpt-5-Codex-Low, gpt-5.5, low",
            "custom-gpt-5-codex-variant, gpt-5.5, null",
            "my-gpt-5-codex-model, gpt-5.5, null",
            "my_gpt-5_codex, gpt-5.5, null",
            "gpt-5, gpt-5.5, null",
            "gpt-5-minimal, gpt-5.5, minimal",
            "gpt-5-low, gpt-5.5, low",
            "gpt-5-medium, gpt-5.5, medium",
            "gpt-5-high, gpt-5.5, high",
            "GPT-5-HIGH, gpt-5.5, high",
            "GpT-5-MeDiUm, gpt-5.5, medium",
            "gpt.5.high, gpt-5.5, high",
            "gpt-5-mini, gpt-5.5, null",
            "gpt-5-nano, gpt-5.5, null",
            "gpt-5.1, gpt-5.5, null",
            "openai/gpt-5.1, gpt-5.5, null",
            "GPT 5.1 High, gpt-5.5, high",
            "gpt-5.1-low, gpt-5.5, low",
            "gpt-5.1-codex, gpt-5.5, null",
            "openai/gpt-5.1-codex, gpt-5.5, null",
            "gpt-5.1-codex-low, gpt-5.5, low",
            "gpt-5.1-codex-max, gpt-5.5, null",
            "gpt-5.1-codex-max-high, gpt-5.5, high",
            "gpt-5.1-codex-max-xhigh, gpt-5.5, xhigh",
            "openai/gpt-5.1-codex-max-medium, gpt-5.5, medium",
            "gpt-5.2, gpt-5.5, null",
            "gpt-5.2-codex, gpt-5.5, null",
            "gpt-5.2-codex-high, gpt-5.5, high",
            "gpt-5.4, gpt-5.5, null",
            "gpt-5.4-xhigh, gpt-5.5, xhigh",
            "'GPT 5 Codex Low (ChatGPT Subscription)', gpt-5.5, low",
            "'GPT 5 High (ChatGPT Subscription)', gpt-5.5, high",
    })
    void the2025PluginNamesMapToTheirSuccessor(String name, String slug, String effort) {
        ResolvedModel r = resolve(name);
        assertThat(r.model().slug()).isEqualTo(slug);
        assertThat(r.effortFromName()).isEqualTo(effort);
    }

    @ParameterizedTest
    @CsvSource({"codex-mini-latest", "openai/codex-mini-latest", "CODEx-MINI-LATEST", "gpt-5-codex-mini",
            "gpt-5-codex-mini-medium", "gpt-5-codex-mini-high", "openai/gpt-5-codex-mini-high",
            "gpt-5.1-codex-mini", "gpt-5.1-codex-mini-high", "openai/gpt-5.1-codex-mini-medium", "my-codex-mini-thing"})
    void retiredNamesAreRefusedNamingTheModelsToUse(String name) {
        assertThatThrownBy(() -> resolve(name))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("'" + name + "' was retired")
                .hasMessageContaining("use one of: gpt-6-astra, gpt-5.6-sol, gpt-5.5")
                .satisfies(e -> assertThat(((RequestRejectedException) e).code()).contains("model_retired"));
    }

    @Test
    void hiddenModelsAreNotOfferedInTheRetiredMessage() {
        assertThatThrownBy(() -> resolve("codex-mini-latest")).hasMessageNotContaining("internal-preview");
    }

    @Test
    void aSuccessorMissingFromTheAccountsCatalogIsRefusedNamingWhatIsThere() {
        ModelCatalog onlyNew = ModelCatalog.parse("""
                {"models":[{"slug":"gpt-6-sol","priority":1,"base_instructions":"x"}]}""".getBytes(), "backend", null, null);
        assertThatThrownBy(() -> onlyNew.resolve("gpt-5-codex"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("'gpt-5-codex' was retired; its successor gpt-5.5 is not in this account's catalog")
                .hasMessageContaining("use one of: gpt-6-sol");
    }

    @ParameterizedTest
    @CsvSource({"unknown-model", "gpt-4", "claude-3"})
    void anUnknownNameIsRefusedNamingTheModelsToUse(String name) {
        assertThatThrownBy(() -> resolve(name))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("'" + name + "' is not a model this account can use; use one of: gpt-6-astra, gpt-5.6-sol, gpt-5.5.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GPT 5 Codex Low (ChatGPT Subscription)|gpt-5-codex-low",
            "openai/gpt-5.1-codex|gpt-5.1-codex",
            "my_gpt-5_codex|my-gpt-5-codex",
            "gpt.5.high|gpt-5-high",
            "GPT 5.1 High|gpt-5.1-high",
            "  gpt-5.5  |gpt-5.5"})
    void namesAreNormalisedBeforeTheTableIsConsulted(String raw, String normal) {
        assertThat(ModelAliases.normalize(raw)).isEqualTo(normal);
    }

    @Test
    void aUsersAliasFileIsCheckedBeforeTheBundledTable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("aliases.json");
        Files.writeString(file, """
                {"aliases":[{"names":["codex-mini-latest","my-favourite"],"successor":"gpt-5.6-sol"}]}""");
        Settings settings = Settings.builder(new Properties(), Map.of()).modelAliasesFile(file).build();
        ModelAliases aliases = ModelAliases.of(settings);

        assertThat(CATALOG.resolve("codex-mini-latest", aliases).model().slug()).isEqualTo("gpt-5.6-sol");
        assertThat(CATALOG.resolve("my-favourite-high", aliases).effortFromName()).isEqualTo("high");
        assertThat(CATALOG.resolve("gpt-5-codex", aliases).model().slug()).isEqualTo("gpt-5.5");
    }

    @Test
    void aUsersAliasFileCanRetireAName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("aliases.json");
        Files.writeString(file, """
                {"aliases":[{"names":["gpt-5.4"],"retired":"we stopped using it"}]}""");
        ModelAliases aliases = ModelAliases.bundled().withFile(file);

        assertThatThrownBy(() -> CATALOG.resolve("gpt-5.4", aliases)).hasMessageContaining("was retired (we stopped using it)");
    }

    @Test
    void anInvalidAliasFileIsAnErrorNamingTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{\"aliases\": [");
        Path both = dir.resolve("both.json");
        Files.writeString(both, "{\"aliases\":[{\"names\":[\"x\"],\"successor\":\"a\",\"retired\":\"b\"}]}");
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> ModelAliases.bundled().withFile(notJson))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(notJson.toString()).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ModelAliases.bundled().withFile(both))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(both.toString())
                .hasMessageContaining("aliases[0] needs exactly one of \"successor\"");
        assertThatThrownBy(() -> ModelAliases.bundled().withFile(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing + " does not exist");
    }

    @Test
    void theBundledTableParses() {
        assertThat(ModelAliases.bundled()).isNotNull();
    }
}
