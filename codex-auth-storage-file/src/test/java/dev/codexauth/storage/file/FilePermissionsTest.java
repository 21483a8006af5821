package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePermissionsTest {

    @TempDir
    Path home;

    @Test
    void createsTheDirectory0700AndTheRecordAndLock0600() throws Exception {
        FileTokenStore store = FileTokenStore.builder().directory(home.resolve("new/auth")).build();

        store.save("default", Tokens.credentials("a"));

        assertThat(mode(home.resolve("new/auth"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("new"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("new/auth/openai.json"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("new/auth/openai.json.lock"))).isEqualTo("rw-------");
    }

    @Test
    void everyTempFileIs0600TheMomentItIsCreated() {
        List<String> seen = new ArrayList<>();
        FileTokenStore store = FileTokenStore.builder().directory(home.resolve("auth"))
                .tempFileCreated(temp -> seen.add(modeUnchecked(temp) + " " + sizeUnchecked(temp))).build();

        for (int i = 0; i < 5; i++) {
            store.save(i % 2 == 0 ? "default" : "work", Tokens.credentials("t" + i));
        }

        // created with its final mode and still empty: nothing was written before it was private
        assertThat(seen).hasSize(5).containsOnly("rw------- 0");
    }

    @Test
    void noFileInTheDirectoryIsEverSeenWithALooserMode() throws Exception {
        Path dir = home.resolve("auth");
        FileTokenStore store = FileTokenStore.builder().directory(dir).build();
        store.save("default", Tokens.credentials("first"));
        Map<String, String> looser = new ConcurrentHashMap<>();
        AtomicInteger tempFilesObserved = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (writing.get()) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path f : files) {
                        String mode;
                        try {
                            mode = mode(f);
                        } catch (NoSuchFileException renamedMeanwhile) {
                            continue;
                        }
                        if (f.getFileName().toString().contains(".tmp-")) {
                            tempFilesObserved.incrementAndGet();
                        }
                        if (!mode.equals("rw-------")) {
                            looser.put(f.getFileName().toString(), mode);
                        }
                    }
                } catch (IOException e) {
                    looser.put("listing failed", e.toString());
                }
            }
        });
        watcher.start();
        for (int i = 0; i < 400; i++) {
            store.save("default", Tokens.credentials("w" + i));
        }
        writing.set(false);
        watcher.join();

        assertThat(looser).isEmpty();
        assertThat(mode(dir)).isEqualTo("rwx------");
        // the watcher did see writes in progress, so the check above covered temp files too
        assertThat(tempFilesObserved.get()).isPositive();
    }

    @Test
    void aRecordOrDirectoryOthersCanReadIsTightenedOnLoad() throws Exception {
        Path dir = home.resolve("auth");
        FileTokenStore store = FileTokenStore.builder().directory(dir).build();
        store.save("default", Tokens.credentials("a"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("openai.json"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(store.load("default")).isPresent();

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("openai.json"))).isEqualTo("rw-------");
    }

    @Test
    void anExistingOpenDirectoryIsTightenedBeforeTheFirstWrite() throws Exception {
        Path dir = Files.createDirectories(home.resolve("auth"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        FileTokenStore.builder().directory(dir).build().save("work", Tokens.credentials("a"));

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("openai-work.json"))).isEqualTo("rw-------");
    }

    @Test
    void aRecordOthersCouldReadIsReplacedByAPrivateOneOnSave() throws Exception {
        Path dir = home.resolve("auth");
        FileTokenStore store = FileTokenStore.builder().directory(dir).build();
        store.save("default", Tokens.credentials("a"));
        Files.setPosixFilePermissions(dir.resolve("openai.json"), PosixFilePermissions.fromString("rw-rw-rw-"));

        store.save("default", Tokens.credentials("b"));

        assertThat(mode(dir.resolve("openai.json"))).isEqualTo("rw-------");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String modeUnchecked(Path p) {
        try {
            return mode(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long sizeUnchecked(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
