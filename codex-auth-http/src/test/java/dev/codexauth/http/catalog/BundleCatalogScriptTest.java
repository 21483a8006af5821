package dev.codexauth.http.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.instructions.BundledInstructionSource;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.instructions.ModelInfo;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Sandbox;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release step that fills the bundled catalog ({@code -Pbundle-catalog}), run against the sandbox's GitHub. */
class BundleCatalogScriptTest {

    @TempDir
    Path dir;

    @Test
    void theReleaseStepDownloadsTheLatestReleasesCatalogWhereTheBundledSourceReadsIt() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Path out = dir.resolve(BundledInstructionSource.RESOURCE);

            Process p = run(sandbox, out, "latest");

            assertThat(p.exitValue()).as(output(p)).isZero();
            assertThat(sandbox.journal().count(Endpoint.GITHUB_LATEST)).isEqualTo(1);
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
                ModelCatalog bundled = BundledInstructionSource.fromResource(loader, BundledInstructionSource.RESOURCE)
                        .catalog(new CatalogKey(null, null));
                assertThat(bundled.models()).extracting(ModelInfo::slug).contains("gpt-5.5", "gpt-6-astra");
            }
        }
    }

    @Test
    void aReleaseWithoutACatalogFileFailsTheBuildWithAClearMessage() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Process p = run(sandbox, dir.resolve("out.json"), Sandbox.LEGACY_RELEASE_TAG);

            assertThat(p.exitValue()).isNotZero();
            assertThat(output(p)).contains("release " + Sandbox.LEGACY_RELEASE_TAG + " has no catalog file");
            assertThat(dir.resolve("out.json")).doesNotExist();
        }
    }

    private static Process run(Sandbox sandbox, Path out, String tag) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", script().toString(), out.toString(), tag).redirectErrorStream(true);
        pb.environment().put("CODEX_AUTH_GITHUB_API_URL", sandbox.githubApiUrl().toString());
        pb.environment().put("CODEX_AUTH_GITHUB_RAW_URL", sandbox.githubRawUrl().toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** {@code scripts/bundle-catalog}, found by walking up from the working directory. */
    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("scripts/bundle-catalog");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IllegalStateException("scripts/bundle-catalog not found above " + Path.of("").toAbsolutePath());
    }
}
