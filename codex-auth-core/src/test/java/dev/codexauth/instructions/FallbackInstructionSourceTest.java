package dev.codexauth.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackInstructionSourceTest {

    static final CatalogKey KEY = new CatalogKey("acct", "0.160.1");

    /** A source with a scripted answer and an optional stale copy. */
    record Scripted(String name, ModelCatalog answer, RuntimeException failure, ModelCatalog stale, AtomicInteger calls)
            implements InstructionSource {
        Scripted(String name, ModelCatalog answer, RuntimeException failure, ModelCatalog stale) {
            this(name, answer, failure, stale, new AtomicInteger());
        }

        @Override
        public ModelCatalog catalog(CatalogKey key) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        @Override
        public Optional<ModelCatalog> lastKnown(CatalogKey key) {
            return Optional.ofNullable(stale);
        }
    }

    static ModelCatalog named(String source) {
        return ModelCatalog.parse("{\"models\":[{\"slug\":\"gpt-5.5\",\"base_instructions\":\"x\"}]}".getBytes(), source, null, Instant.EPOCH);
    }

    final InstructionSource bundled = BundledInstructionSource.create();

    @Test
    void theFirstSourceThatAnswersWins() {
        Scripted backend = new Scripted("backend", named("backend"), null, null);
        Scripted github = new Scripted("github", named("github"), null, null);

        assertThat(FallbackInstructionSource.of(List.of(backend, github), bundled).catalog(KEY).source()).isEqualTo("backend");
        assertThat(github.calls()).hasValue(0);
    }

    @Test
    void aFailingSourceFallsThroughToTheNextOneBeforeAnyStaleCopy() {
        Scripted backend = new Scripted("backend", null, new SignInRequiredException("no login"), named("backend stale"));
        Scripted github = new Scripted("github", named("github"), null, null);

        assertThat(FallbackInstructionSource.of(List.of(backend, github), bundled).catalog(KEY).source()).isEqualTo("github");
    }

    @Test
    void staleCopiesComeBeforeTheBundledCatalog() {
        Scripted backend = new Scripted("backend", null, new TransientException("down", null), null);
        Scripted github = new Scripted("github", null, new TransientException("down", null), named("github stale"));

        assertThat(FallbackInstructionSource.of(List.of(backend, github), bundled).catalog(KEY).source()).isEqualTo("github stale");
    }

    @Test
    void theBundledCatalogComesWhenNoSourceHasAnything() {
        Scripted github = new Scripted("github", null, new TransientException("down", null), null);

        assertThat(FallbackInstructionSource.of(List.of(github), bundled).catalog(KEY).source()).isEqualTo("bundled");
    }

    @Test
    void withNothingLeftTheErrorSaysWhatEachSourceSaid() {
        Scripted backend = new Scripted("backend", null, new SignInRequiredException("Sign in first."), null);
        Scripted github = new Scripted("github", null, new TransientException("GitHub is down.", null), null);
        InstructionSource none = BundledInstructionSource.fromResource(getClass().getClassLoader(), "no/such/catalog.json");

        assertThatThrownBy(() -> FallbackInstructionSource.of(List.of(backend, github), none).catalog(KEY))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("No model catalog is available")
                .hasMessageContaining("backend: Sign in first.")
                .hasMessageContaining("github: GitHub is down.")
                .hasMessageContaining("bundled: This build carries no bundled model catalog (no/such/catalog.json)");
    }

    @Test
    void aChangedCatalogIsPassedToEverySource() {
        AtomicInteger told = new AtomicInteger();
        InstructionSource listening = new InstructionSource() {
            @Override
            public ModelCatalog catalog(CatalogKey key) {
                return named("x");
            }

            @Override
            public void catalogChanged(CatalogKey key, String etag) {
                told.incrementAndGet();
            }

            @Override
            public String name() {
                return "listening";
            }
        };
        FallbackInstructionSource.of(List.of(listening, listening), null).catalogChanged(KEY, "\"e\"");

        assertThat(told).hasValue(2);
    }

    @Test
    void anOutageIsWarnedAboutOncePerChangeOfWhatServes() {
        List<String> warned = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> backendFails =
                new java.util.concurrent.atomic.AtomicReference<>(new TransientException("down", null));
        java.util.concurrent.atomic.AtomicReference<ModelCatalog> stale = new java.util.concurrent.atomic.AtomicReference<>();
        InstructionSource backend = new InstructionSource() {
            @Override
            public ModelCatalog catalog(CatalogKey key) {
                if (backendFails.get() != null) {
                    throw backendFails.get();
                }
                return named("backend");
            }

            @Override
            public Optional<ModelCatalog> lastKnown(CatalogKey key) {
                return Optional.ofNullable(stale.get());
            }

            @Override
            public String name() {
                return "backend";
            }
        };
        FallbackInstructionSource chain = FallbackInstructionSource.of(List.of(backend), bundled, warned::add);

        for (int i = 0; i < 100; i++) {
            assertThat(chain.catalog(KEY).source()).isEqualTo("bundled");
        }
        assertThat(warned).hasSize(1).allSatisfy(w -> assertThat(w).startsWith("Using the bundled model catalog"));

        stale.set(named("backend stale"));
        for (int i = 0; i < 100; i++) {
            assertThat(chain.catalog(KEY).source()).isEqualTo("backend stale");
        }
        assertThat(warned).hasSize(2);
        assertThat(warned.get(1)).startsWith("Using the last known model catalog from backend");

        backendFails.set(null);
        assertThat(chain.catalog(KEY).source()).isEqualTo("backend");
        backendFails.set(new TransientException("down again", null));
        chain.catalog(KEY);
        assertThat(warned).hasSize(3);
        assertThat(warned.get(2)).contains("down again");
    }

    @Test
    void theBundledCatalogIsReadFromTheClasspathWithUnknownFieldsKept() {
        ModelCatalog c = bundled.catalog(KEY);

        assertThat(c.source()).isEqualTo("bundled");
        assertThat(c.models()).extracting(ModelInfo::slug).contains("gpt-5.5", "gpt-5.6-sol", "gpt-6-astra");
        assertThat(c.find("gpt-5.5").orElseThrow().raw().path("some_future_field").path("kept").asBoolean()).isTrue();
        assertThat(bundled.catalog(KEY)).isSameAs(c);
    }

    @Test
    void anInvalidBundledCatalogIsAConfigurationError() {
        InstructionSource broken = BundledInstructionSource.fromResource(getClass().getClassLoader(),
                "dev/codexauth/instructions/model-aliases.json");

        assertThatThrownBy(() -> broken.catalog(KEY)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is invalid: no \"models\" array");
    }
}
