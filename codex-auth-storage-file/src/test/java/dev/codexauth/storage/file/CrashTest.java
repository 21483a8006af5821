package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.token.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL at random moments never leaves a torn or missing record. */
class CrashTest {

    private static final int KILLS = 30;

    @TempDir
    Path home;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aWriterKilledAtAnyMomentLeavesTheOldOrTheNewRecordAndItsTempFilesAreCleanedLater() throws Exception {
        Path dir = home.resolve("auth");
        FileTokenStore store = FileTokenStore.builder().directory(dir).build();
        store.save("default", StoreChild.record(0));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long next = 1;
        int killsLeavingTempFiles = 0;
        Path errors = home.resolve("children.err");

        for (int kill = 0; kill < KILLS; kill++) {
            long last;
            try (ChildJvm child = ChildJvm.start(errors, "rewrite", dir.toString(), Long.toString(next))) {
                String line = child.readLine(); // it has started writing
                assertThat(line).as("first write of the child; see %s", errors).isNotNull();
                // the kill lands at a random moment of the write loop
                Thread.sleep(random.nextInt(60));
                TimeUnit.MICROSECONDS.sleep(random.nextInt(1000));
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of its stdout
                child.process.toHandle().destroyForcibly();
                child.waitForExit();
                last = Long.parseLong(line);
                for (String more = child.readLine(); more != null; more = child.readLine()) {
                    if (!more.isBlank() && more.chars().allMatch(Character::isDigit)) {
                        last = Long.parseLong(more);
                    }
                }
            }

            Credentials found = store.load("default").orElseThrow();
            long seq = ((Number) found.extras().get("seq")).longValue();
            // the last record the child confirmed, or the one it was writing when it died
            assertThat(seq).as("kill %d (seed %d)", kill, seed).isBetween(last, last + 1);
            Credentials expected = StoreChild.record(seq);
            assertThat(found.accessToken()).isEqualTo(expected.accessToken());
            assertThat(found.refreshToken()).isEqualTo(expected.refreshToken());
            assertThat(found.expiresAt()).isEqualTo(expected.expiresAt());
            if (!tempFiles(dir).isEmpty()) {
                killsLeavingTempFiles++;
            }
            next = seq + 1;
        }

        store.save("default", StoreChild.record(next));

        assertThat(tempFiles(dir)).isEmpty();
        assertThat(store.load("default").orElseThrow().accessToken()).isEqualTo(StoreChild.record(next).accessToken());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
        }
        System.out.printf("%d kills, %d left a temp file, %d records written (seed %d)%n",
                KILLS, killsLeavingTempFiles, next, seed);
    }

    private static List<Path> tempFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }
}
