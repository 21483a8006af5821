package dev.codexauth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.codex.PreparedRequest;
import dev.codexauth.codex.RequestTransformer;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.testkit.Sandbox;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Applying the backend's request rules (SPEC §7) to a 50-item conversation with ten tools, against
 * serializing the same request to JSON bytes, which every request pays anyway to be sent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RequestTransformBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Param("50")
    public int items;

    private ResponsesRequest request;
    private ModelCatalog catalog;
    private RequestTransformer transformer;
    private com.fasterxml.jackson.databind.node.ObjectNode sentBody;

    @Setup
    public void setUp() {
        byte[] catalogJson;
        try (Sandbox sandbox = Sandbox.builder().start()) {
            catalogJson = sandbox.catalogJson();
            transformer = new RequestTransformer(sandbox.settings().build());
        }
        catalog = ModelCatalog.parse(catalogJson, "sandbox", "etag-1", Instant.now());
        request = Requests.conversation("gpt-5.5", items);
        PreparedRequest prepared = transformer.transform(request, catalog);
        if (prepared.body().path("input").size() != items + 1 || prepared.body().path("input").get(1).has("id")) {
            throw new IllegalStateException("the transformer did not treat the conversation as expected");
        }
        sentBody = prepared.body();
    }

    /** Baseline: the body as sent (with the model's instructions) to JSON bytes, which every request needs. */
    @Benchmark
    public byte[] baselineSerialize() throws IOException {
        return JSON.writeValueAsBytes(sentBody);
    }

    /** The request rules: model, instructions, options, input clean-up, removed fields. */
    @Benchmark
    public PreparedRequest transform() {
        return transformer.transform(request, catalog);
    }

    /** The rules and the serialization together: the whole CPU cost of preparing a request's body. */
    @Benchmark
    public byte[] transformAndSerialize() throws IOException {
        return JSON.writeValueAsBytes(transformer.transform(request, catalog).body());
    }
}
