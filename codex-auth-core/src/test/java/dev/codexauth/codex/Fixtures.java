package dev.codexauth.codex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The recorded streams in {@code shared/fixtures}, found by walking up from the working directory. */
final class Fixtures {

    private Fixtures() {
    }

    static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }

    static List<Path> streams() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sse")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    /** What the fixture's {@code .source.txt} says a correct client produces. */
    record Expectation(int events, String responseId, String text, Long totalTokens, String mustContain) {

        static Expectation of(Path sse) {
            String source = Fixtures.text(sse.resolveSibling(sse.getFileName() + ".source.txt"));
            List<String> expect = Fixtures.text(sse.resolveSibling(sse.getFileName() + ".expect")).lines().toList();
            Matcher text = Pattern.compile("<<<TEXT\n(.*?)\nTEXT>>>", Pattern.DOTALL).matcher(source);
            Matcher total = Pattern.compile("(?m)^usage: \\{.*\"total_tokens\": (\\d+)\\}").matcher(source);
            return new Expectation(
                    Integer.parseInt(field(source, "sse_events")),
                    field(source, "response_id"),
                    text.find() ? text.group(1) : null,
                    total.find() ? Long.valueOf(total.group(1)) : null,
                    expect.size() > 1 ? expect.get(1) : "");
        }

        private static String field(String source, String name) {
            Matcher m = Pattern.compile("(?m)^" + name + ": (.*)$").matcher(source);
            if (!m.find()) {
                throw new IllegalStateException("no " + name + " in the fixture's source");
            }
            return m.group(1).trim();
        }
    }
}
