package dev.codexauth.http.codex;

import dev.codexauth.config.Settings;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.token.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Small things the client tests share: a catalog, fake credentials, the fixtures folder. */
final class TestParts {

    static final String CATALOG = """
            {"models":[{"slug":"gpt-5.5","priority":1,"visibility":"list","default_reasoning_level":"medium",
              "supported_reasoning_levels":[{"effort":"low"},{"effort":"medium"},{"effort":"high"}],
              "supports_reasoning_summaries":true,"support_verbosity":true,"default_verbosity":"low",
              "base_instructions":"You are Codex."}]}""";

    /** JWT-shaped, so the redactor's patterns and its known-secret list are both exercised. */
    static final Credentials CREDENTIALS = new Credentials(
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0LWFjY2VzcyJ9.YWNjZXNzLXNpZw", "rt_test_refresh_0123456789abcdef",
            "eyJhbGciOiJub25lIn0.eyJlbWFpbCI6InRlc3RAZXhhbXBsZS5jb20ifQ.aWQtc2ln", Instant.now().plusSeconds(3600),
            "acct-test-5d1e9b");

    private TestParts() {
    }

    static InstructionSource source(byte[] catalogJson) {
        ModelCatalog catalog = ModelCatalog.parse(catalogJson, "test", null, Instant.now());
        return new InstructionSource() {
            @Override
            public ModelCatalog catalog(CatalogKey key) {
                return catalog;
            }

            @Override
            public String name() {
                return "test";
            }
        };
    }

    static InstructionSource source() {
        return source(CATALOG.getBytes(StandardCharsets.UTF_8));
    }

    static Settings.Builder settings(URI base) {
        return Settings.builder(new Properties(), Map.of()).baseUrl(base);
    }

    static Path fixtures() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }

    static List<Path> fixtureStreams() {
        try (Stream<Path> files = Files.list(fixtures())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sse")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
