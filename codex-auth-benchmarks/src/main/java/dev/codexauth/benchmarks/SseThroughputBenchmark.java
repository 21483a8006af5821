package dev.codexauth.benchmarks;

import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ReplyHeaders;
import dev.codexauth.codex.ResponseAssembler;
import dev.codexauth.codex.ResponseEventDecoder;
import dev.codexauth.sse.SseParser;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How fast a whole answer stream goes from bytes to what the caller gets, against reading the same
 * bytes line by line with no parsing at all (a {@link BufferedReader} over the UTF-8 bytes, the least
 * any line-based reader must do). The stream arrives in 8 KiB pieces, as {@code HttpResponseStream}
 * reads it. The {@code bytes} and {@code events} counters are per second: MB/s and events/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Jackson's decoding path needs several seconds of C2 compilation on a loaded two-core machine
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SseThroughputBenchmark {

    private static final int READ_SIZE = 8192;

    private RealisticStream.Stream stream;

    /** Bytes and events handled, reported by JMH as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
        public long events;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            events = 0;
        }
    }

    @Setup
    public void setUp() {
        stream = RealisticStream.build(2_000);
    }

    /** Baseline: UTF-8 decoding and line splitting, nothing else. */
    @Benchmark
    public void baselineReadLines(Counters c, Blackhole bh) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(stream.bytes()), StandardCharsets.UTF_8), READ_SIZE)) {
            String line;
            while ((line = reader.readLine()) != null) {
                bh.consume(line);
            }
        }
        c.bytes += stream.bytes().length;
        c.events += stream.events();
    }

    /** The SSE parser alone: lines, fields, events ({@code SseEvent}s with their data decoded). */
    @Benchmark
    public void sseParse(Counters c, Blackhole bh) {
        SseParser parser = new SseParser();
        byte[] bytes = stream.bytes();
        for (int off = 0; off < bytes.length; off += READ_SIZE) {
            parser.feed(bytes, off, Math.min(READ_SIZE, bytes.length - off), bh::consume);
        }
        parser.finish(bh::consume);
        c.bytes += bytes.length;
        c.events += stream.events();
    }

    /** Parsing and decoding each event's JSON into a typed {@code ResponseEvent}: what a streaming caller gets. */
    @Benchmark
    public void sseParseAndDecode(Counters c, Blackhole bh) {
        ResponseEventDecoder decoder = new ResponseEventDecoder();
        byte[] bytes = stream.bytes();
        for (int off = 0; off < bytes.length; off += READ_SIZE) {
            decoder.feed(bytes, off, Math.min(READ_SIZE, bytes.length - off), bh::consume);
        }
        decoder.finish(bh::consume);
        c.bytes += bytes.length;
        c.events += stream.events();
    }

    /** Parsing, decoding and assembling the final response: what {@code respond(...)} does with the bytes. */
    @Benchmark
    public CodexResponse sseDecodeAndAssemble(Counters c) {
        ResponseEventDecoder decoder = new ResponseEventDecoder();
        ResponseAssembler assembler = new ResponseAssembler(ReplyHeaders.NONE);
        byte[] bytes = stream.bytes();
        for (int off = 0; off < bytes.length; off += READ_SIZE) {
            decoder.feed(bytes, off, Math.min(READ_SIZE, bytes.length - off), assembler::accept);
        }
        decoder.finish(assembler::accept);
        c.bytes += bytes.length;
        c.events += stream.events();
        return assembler.finish();
    }
}
