package dev.codexauth.benchmarks;

import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.token.RefreshingCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each request pays for its model catalog (and with it the instructions) while the cached copy
 * is inside its TTL: the standard source chain the client uses, and the GitHub source's cache alone,
 * against reading the cached catalog file from disk (the page cache, in practice), with and without
 * parsing it. The teardown checks that no request reached the sandbox while measuring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class InstructionsBenchmark {

    private SandboxRig rig;
    private CatalogKey key;
    private InstructionSource standard;
    private InstructionSource github;
    private Path cachedFile;
    private int requestsAfterWarmUp;

    @Setup
    public void setUp() {
        rig = new SandboxRig();
        RefreshingCredentials credentials = rig.credentialsProvider();
        credentials.signIn(rig.sandbox.mintCredentials());
        key = new CatalogKey(rig.sandbox.account().accountId(), rig.settings.clientVersion());
        standard = InstructionSources.standard(rig.settings, rig.transport, credentials);
        github = InstructionSources.github(rig.settings.toBuilder().instructionsTtl(Duration.ofHours(1)).build(),
                rig.transport);
        standard.catalog(key);
        github.catalog(key);
        cachedFile = rig.settings.cacheDir().resolve("github-models.json");
        if (!Files.isRegularFile(cachedFile)) {
            throw new IllegalStateException("the GitHub source kept no catalog file in " + rig.settings.cacheDir());
        }
        requestsAfterWarmUp = rig.sandbox.journal().requests().size();
    }

    @TearDown
    public void tearDown() {
        int catalogRequests = rig.sandbox.journal().requests().size() - requestsAfterWarmUp;
        rig.close();
        if (catalogRequests != 0) {
            throw new IllegalStateException(catalogRequests + " requests reached the sandbox inside the TTL; expected none ("
                    + Endpoint.MODELS + ")");
        }
    }

    /** Baseline: the cached catalog file's bytes. */
    @Benchmark
    public byte[] baselineReadCachedFile() throws IOException {
        return Files.readAllBytes(cachedFile);
    }

    /** Baseline: the cached file read and parsed, what a cache-less source would do per request. */
    @Benchmark
    public ModelCatalog baselineReadAndParseCachedFile() throws IOException {
        return ModelCatalog.parse(Files.readAllBytes(cachedFile), "file", null, Instant.EPOCH);
    }

    /** The chain the client asks per request (user files, backend cache, GitHub cache, bundled). */
    @Benchmark
    public ModelCatalog standardChainInsideTtl() {
        return standard.catalog(key);
    }

    /** The GitHub source's cache alone. */
    @Benchmark
    public ModelCatalog cachedSourceInsideTtl() {
        return github.catalog(key);
    }
}
