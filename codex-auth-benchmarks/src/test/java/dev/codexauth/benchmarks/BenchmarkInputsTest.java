package dev.codexauth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ReplyHeaders;
import dev.codexauth.codex.ResponseAssembler;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseEventDecoder;
import dev.codexauth.sse.SseEvent;
import dev.codexauth.sse.SseParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim: their inputs are valid, and the parser they time gives the same events however the bytes arrive. */
class BenchmarkInputsTest {

    @Test
    void realisticStreamDecodesToOneCompleteResponse() {
        RealisticStream.Stream stream = RealisticStream.build(2_000);
        List<ResponseEvent> events = new ArrayList<>();
        ResponseAssembler assembler = new ResponseAssembler(ReplyHeaders.NONE);
        ResponseEventDecoder decoder = new ResponseEventDecoder();
        decoder.feed(stream.bytes(), 0, stream.bytes().length, e -> {
            events.add(e);
            assembler.accept(e);
        });
        decoder.finish(events::add);
        CodexResponse response = assembler.finish();

        assertThat(events).hasSize(stream.events());
        assertThat(events.stream().filter(e -> e instanceof ResponseEvent.TextDelta)).hasSize(2_000);
        assertThat(stream.frames().get(0).length).isGreaterThan(30_000);
        assertThat(response.status()).isEqualTo("completed");
        assertThat(response.outputText()).isNotEmpty();
    }

    @Test
    void latencyStreamHasOnlyOpeningEventsBeforeItsFirstDelta() {
        RealisticStream.Stream stream = RealisticStream.build(20, false);
        List<ResponseEvent> events = new ArrayList<>();
        new ResponseEventDecoder().feed(stream.bytes(), 0, stream.bytes().length, events::add);

        assertThat(stream.preambleEvents()).isEqualTo(4);
        assertThat(events.get(stream.preambleEvents())).isInstanceOf(ResponseEvent.TextDelta.class);
        assertThat(events.subList(0, stream.preambleEvents())).noneMatch(e -> e instanceof ResponseEvent.TextDelta);
    }

    @Test
    void parserGivesTheSameEventsForEveryFixtureHoweverTheBytesArrive() throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(fixtures())) {
            files.filter(p -> p.toString().endsWith(".sse")).sorted().forEach(p -> inputs.add(read(p)));
        }
        inputs.add(RealisticStream.build(300).bytes());
        inputs.add("\uFEFFdata: a\r\n\r\n: comment\rdata:b\r\rid: 7\nevent: x\ndata: caf\u00e9\ndata\n\ndata: tail"
                .getBytes(StandardCharsets.UTF_8));
        inputs.add("da".getBytes(StandardCharsets.UTF_8));
        assertThat(inputs).hasSizeGreaterThan(5);

        for (byte[] input : inputs) {
            List<SseEvent> whole = library(input, Math.max(1, input.length));
            for (int chunk : new int[] {1, 2, 3, 7, 8192}) {
                assertThat(library(input, chunk)).isEqualTo(whole);
            }
        }
        assertThat(library(inputs.get(inputs.size() - 2), 8192)).containsExactly(
                new SseEvent("message", "a", ""), new SseEvent("message", "b", ""),
                new SseEvent("x", "caf\u00e9\n", "7"), new SseEvent("message", "tail", "7"));
        assertThat(library(inputs.get(inputs.size() - 1), 1)).isEmpty();
    }

    private static List<SseEvent> library(byte[] input, int chunk) {
        List<SseEvent> out = new ArrayList<>();
        SseParser parser = new SseParser();
        for (int off = 0; off < input.length; off += chunk) {
            parser.feed(input, off, Math.min(chunk, input.length - off), out::add);
        }
        parser.finish(out::add);
        return out;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path fixtures() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }
}
