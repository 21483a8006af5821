package dev.codexauth.http.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.codex.logging.Redactor;
import dev.codexauth.config.Settings;
import dev.codexauth.files.PrivateFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in request logs of SPEC §9: with request logging on, one JSON file per stage
 * ({@code request-<n>-<stage>.json}, owner-only) in the log directory; with debug on, one console
 * line per step. Everything passes through the {@link Redactor} first. Off, it writes nothing and
 * builds nothing (stage contents are asked for only when they are written). Numbers continue after the
 * highest one already in the directory, so a new process does not overwrite an earlier one's logs.
 * Thread-safe.
 */
final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final Pattern NUMBERED = Pattern.compile("request-(\\d{1,9})-.*\\.json");

    private final Settings settings;
    private final PrintStream console;
    private int last = -1; // -1: the directory was not looked at yet

    RequestLog(Settings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
    }

    boolean enabled() {
        return settings.requestLogging() || settings.debug();
    }

    /** A new request's log, numbered. */
    Entry begin(String url, Redactor redactor) {
        return new Entry(enabled() ? next() : 0, url, redactor);
    }

    private synchronized int next() {
        if (last < 0) {
            last = highestLogged(settings.logDir());
        }
        return ++last;
    }

    /** The highest request number among the log files already in {@code dir}, 0 when none. */
    static int highestLogged(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int highest = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = NUMBERED.matcher(f.getFileName().toString());
                if (m.matches()) {
                    highest = Math.max(highest, Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not list the request log directory {}: {}", dir, e.getClass().getSimpleName());
        }
        return highest;
    }

    /** The log of one request. */
    final class Entry {
        private final int number;
        private final String url;
        private final Redactor redactor;

        private Entry(int number, String url, Redactor redactor) {
            this.number = number;
            this.url = url;
            this.redactor = redactor;
        }

        Redactor redactor() {
            return redactor;
        }

        /**
         * Writes a stage file (when request logging is on) with these fields, redacted; {@code fields}
         * is called only then, so nothing is built or copied for a log that is off.
         */
        void stage(String stage, Supplier<Map<String, Object>> fields) {
            if (!settings.requestLogging()) {
                return;
            }
            ObjectNode record = JSON.createObjectNode();
            record.put("timestamp", settings.clock().instant().toString());
            record.put("request", number);
            record.put("stage", stage);
            record.put("url", url);
            fields.get().forEach((k, v) -> record.set(k, v instanceof JsonNode n ? n : JSON.valueToTree(v)));
            JsonNode clean = redactor.json(record);
            try {
                write(settings.logDir().resolve("request-" + number + "-" + stage + ".json"), JSON.writeValueAsBytes(clean));
            } catch (IOException e) {
                // logging must never break a request; the path holds no secret
                LOG.warn("Could not write request log in {}: {}", settings.logDir(), e.getClass().getSimpleName());
            }
        }

        /** A console line (when debug is on), redacted. */
        void debug(String line) {
            if (settings.debug()) {
                console.println("[codex-auth] request " + number + ": " + redactor.text(line));
            }
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        PrivateFiles.createPrivateDirectories(dir);
        PrivateFiles.restrictToOwner(dir);
        PrivateFiles.writeAtomically(file, bytes);
    }
}
