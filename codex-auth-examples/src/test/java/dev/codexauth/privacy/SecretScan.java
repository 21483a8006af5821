package dev.codexauth.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.token.Credentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The secrets of a test run (tokens, codes, verifiers, states) and the places they must never be:
 * files outside the token store, console lines, exception messages and stack traces.
 */
final class SecretScan {

    /** Shorter strings could match by chance; every real secret here is far longer. */
    private static final int MIN_LENGTH = 12;

    private final Set<String> secrets = new LinkedHashSet<>();

    SecretScan add(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            secrets.add(secret);
            // a JWT's signature part alone is a secret too (a log line might cut the token at a dot)
            int lastDot = secret.lastIndexOf('.');
            if (lastDot > 0 && secret.length() - lastDot > MIN_LENGTH) {
                secrets.add(secret.substring(lastDot + 1));
            }
        }
        return this;
    }

    SecretScan add(Credentials credentials) {
        if (credentials != null) {
            add(credentials.accessToken());
            add(credentials.refreshToken());
            add(credentials.idToken());
        }
        return this;
    }

    SecretScan addAll(Iterable<String> more) {
        more.forEach(this::add);
        return this;
    }

    Set<String> secrets() {
        return Set.copyOf(secrets);
    }

    /** The secrets that occur in {@code text}. */
    List<String> foundIn(String text) {
        List<String> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        for (String s : secrets) {
            if (text.contains(s)) {
                found.add(s.substring(0, 6) + "...");
            }
        }
        return found;
    }

    void assertAbsentFrom(String where, String text) {
        assertThat(foundIn(text)).as("secrets in %s", where).isEmpty();
    }

    /** Message, toString and the whole printed stack trace (causes and suppressed ones included). */
    void assertAbsentFrom(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        StringBuilder all = new StringBuilder(trace.toString());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append('\n').append(t.getMessage()).append('\n').append(t.getLocalizedMessage()).append('\n').append(t);
        }
        assertAbsentFrom(failure.getClass().getName() + " (" + failure.getMessage() + ")", all.toString());
    }

    /** Every regular file under {@code roots} (not following links) except {@code allowed}: none holds a secret. */
    void assertAbsentFromFilesUnder(List<Path> roots, Set<Path> allowed) {
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            for (Path file : files(root)) {
                if (allowed.contains(file.toAbsolutePath().normalize())) {
                    continue;
                }
                assertAbsentFrom(file.toString(), read(file));
            }
        }
    }

    static List<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            // ISO-8859-1 maps every byte to a char, so a token inside binary data is still found
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // vanished or unreadable (another process's temp file): nothing of ours
        }
    }
}
