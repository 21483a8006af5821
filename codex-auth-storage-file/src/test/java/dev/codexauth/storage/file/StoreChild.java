package dev.codexauth.storage.file;

import dev.codexauth.token.Credentials;
import dev.codexauth.token.StoreLock;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The other process of the cross-process tests, started with the test class path:
 * {@code increment <dir> <times>}, {@code hold <dir>}, {@code try <dir> <millis>} or {@code rewrite <dir> <first>}.
 */
@SuppressWarnings("try") // a held lock is a resource only to be closed
public final class StoreChild {

    private StoreChild() {
    }

    public static void main(String[] args) throws Exception {
        FileTokenStore store = FileTokenStore.builder().directory(Path.of(args[1])).lockTimeout(Duration.ofMinutes(2)).build();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        switch (args[0]) {
            case "increment" -> {
                int times = Integer.parseInt(args[2]);
                for (int i = 0; i < times; i++) {
                    increment(store);
                }
                out.println("done");
            }
            case "hold" -> {
                try (StoreLock held = store.lock("default", Duration.ofMinutes(1))) {
                    out.println("locked");
                    System.in.read(); // until the parent closes our stdin or kills us
                }
            }
            case "try" -> {
                try (StoreLock held = store.lock("default", Duration.ofMillis(Long.parseLong(args[2])))) {
                    out.println("locked");
                } catch (dev.codexauth.error.StoreException e) {
                    out.println("timed out: " + e.getMessage());
                }
            }
            case "rewrite" -> {
                // records carry their sequence number everywhere, so a torn record cannot look whole
                for (long seq = Long.parseLong(args[2]); ; seq++) {
                    store.save("default", record(seq));
                    out.println(seq);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Read, add one, write, under the refresh lock: what a refresh does. */
    static void increment(FileTokenStore store) {
        try (StoreLock held = store.lock("default", Duration.ofMinutes(2))) {
            long count = store.load("default").map(c -> ((Number) c.extras().get("count")).longValue()).orElse(0L);
            store.save("default", record(count + 1).withExtras(Map.of("count", count + 1)));
        }
    }

    static Credentials record(long seq) {
        String pad = "x".repeat((int) (seq % 7) * 300); // lengths vary, so a torn write would show
        return new Credentials("access-" + seq + pad, "refresh-" + seq, "id-" + seq, Instant.ofEpochMilli(seq),
                "acct-" + seq, Map.of("seq", seq));
    }
}
