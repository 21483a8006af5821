package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.StoreLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SuppressWarnings("try") // a held lock is a resource only to be closed
class LockTest {

    @TempDir
    Path home;

    private Path dir() {
        return home.resolve("auth");
    }

    private FileTokenStore store(Duration lockTimeout) {
        return FileTokenStore.builder().directory(dir()).lockTimeout(lockTimeout).build();
    }

    private long count(FileTokenStore store) {
        return ((Number) store.load("default").orElseThrow().extras().get("count")).longValue();
    }

    /** One thread per store, each adding {@code times} under the lock; returns when all are done. */
    private static void incrementInThreads(List<FileTokenStore> stores, int times) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(stores.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (FileTokenStore store : stores) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < times; i++) {
                        StoreChild.increment(store);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void threadsOfOneProcessTakeTurnsSoNoUpdateIsLost() throws Exception {
        // two store objects on one directory share the lock, as two libraries in one program would
        FileTokenStore a = store(Duration.ofMinutes(1));
        FileTokenStore b = store(Duration.ofMinutes(1));

        incrementInThreads(List.of(a, b, a, b, a, b, a, b), 25);

        assertThat(count(a)).isEqualTo(200);
    }

    @Test
    void concurrentSavesLeaveOneWholeRecord() throws Exception {
        FileTokenStore store = store(Duration.ofMinutes(1));
        List<CompletableFuture<Void>> saves = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            saves.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 20; i++) {
                    store.save("default", StoreChild.record(thread * 100L + i));
                }
            }, Executors.newSingleThreadExecutor()));
        }
        CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new)).get();

        Credentials last = store.load("default").orElseThrow();
        long seq = ((Number) last.extras().get("seq")).longValue();
        assertThat(last.accessToken()).isEqualTo(StoreChild.record(seq).accessToken());
        assertThat(seq % 100).isEqualTo(19);
        try (var files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("openai.json", "openai.json.lock");
        }
    }

    @Test
    void theHolderMayLoadSaveDeleteAndLockAgain() {
        FileTokenStore store = store(Duration.ofMillis(200));
        try (StoreLock held = store.lock("default", Duration.ofSeconds(1))) {
            store.save("default", Tokens.credentials("a"));
            assertThat(store.load("default")).isPresent();
            try (StoreLock again = store.lock("default", Duration.ZERO)) {
                store.save("default", Tokens.credentials("b"));
            }
            assertThat(store.load("default").orElseThrow().accountId()).isEqualTo("acct-b");
            assertThat(store.delete("default")).isTrue();
            store.save("default", Tokens.credentials("c"));
        }
        assertThat(store.load("default").orElseThrow().accountId()).isEqualTo("acct-c");
    }

    @Test
    void anotherThreadWaitsAndThenFailsNamingTheLockFile() throws Exception {
        FileTokenStore store = store(Duration.ofMillis(100));
        store.save("default", Tokens.credentials("a"));
        try (StoreLock held = store.lock("default", Duration.ofSeconds(1))) {
            StoreException fromLock = CompletableFuture.supplyAsync(() -> catchThrowableOfType(StoreException.class,
                    () -> store.lock("default", Duration.ofMillis(50)))).get();
            StoreException fromSave = CompletableFuture.supplyAsync(() -> catchThrowableOfType(StoreException.class,
                    () -> store.save("default", Tokens.credentials("b")))).get();

            for (StoreException e : List.of(fromLock, fromSave)) {
                assertThat(e).hasMessageContaining(dir().resolve("openai.json.lock").toString())
                        .hasMessageContaining("Timed out").hasMessageContaining("profile 'default'")
                        .hasMessageNotContaining(Tokens.SECRET_MARK);
            }
            // a lock holder's reads are not blocked, and other profiles have their own lock
            assertThat(CompletableFuture.supplyAsync(() -> store.load("default")).get()).isPresent();
            CompletableFuture.runAsync(() -> store.save("work", Tokens.credentials("w"))).get();
        }
        assertThat(store.load("default").orElseThrow().accountId()).isEqualTo("acct-a");
        CompletableFuture.runAsync(() -> store.save("default", Tokens.credentials("b"))).get();
    }

    @Test
    void onlyTheThreadThatTookTheLockMayReleaseIt() throws Exception {
        FileTokenStore store = store(Duration.ofMillis(100));
        StoreLock held = store.lock("default", Duration.ofSeconds(1));

        Throwable elsewhere = CompletableFuture.supplyAsync(() -> catchThrowableOfType(IllegalStateException.class, held::close)).get();
        assertThat(elsewhere).hasMessageContaining("thread that took it");

        held.close();
        held.close(); // a second close does nothing
        CompletableFuture.runAsync(() -> store.lock("default", Duration.ofSeconds(1)).close()).get();
    }

    @Test
    void processesTakeTurnsSoNoUpdateIsLost() throws Exception {
        FileTokenStore store = store(Duration.ofMinutes(2));
        store.save("default", StoreChild.record(0).withExtras(java.util.Map.of("count", 0)));
        Path errors = home.resolve("children.err");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(ChildJvm.start(errors, "increment", dir().toString(), "40"));
            }
            incrementInThreads(List.of(store, store), 40);
            for (ChildJvm child : children) {
                assertThat(child.readLine()).as("child output; see %s", errors).isEqualTo("done");
                assertThat(child.waitForExit()).isZero();
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }

        assertThat(count(store)).isEqualTo(200);
    }

    @Test
    void aLockHeldByAnotherProcessMakesUsWaitThenFailClearly() throws Exception {
        FileTokenStore store = store(Duration.ofMillis(300));
        Path errors = home.resolve("child.err");
        try (ChildJvm holder = ChildJvm.start(errors, "hold", dir().toString())) {
            assertThat(holder.readLine()).isEqualTo("locked");

            StoreException e = catchThrowableOfType(StoreException.class, () -> store.lock("default", Duration.ofMillis(200)));
            assertThat(e).hasMessageContaining(dir().resolve("openai.json.lock").toString())
                    .hasMessageContaining("another process");
            assertThatThrownBy(() -> store.save("default", Tokens.credentials("a"))).isInstanceOf(StoreException.class);

            holder.closeInput();
            assertThat(holder.waitForExit()).isZero();
        }
        try (StoreLock mine = store.lock("default", Duration.ofSeconds(30))) {
            store.save("default", Tokens.credentials("a"));
        }
    }

    @Test
    void threadsTimingOutInThisProcessDoNotDropTheLockItHolds() throws Exception {
        // closing any other channel on the lock file would silently release the OS lock: waiters open none
        FileTokenStore store = store(Duration.ofMillis(50));
        Path errors = home.resolve("child.err");
        try (StoreLock held = store.lock("default", Duration.ofSeconds(1))) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture.runAsync(() -> catchThrowableOfType(StoreException.class,
                        () -> store.lock("default", Duration.ofMillis(20)))).get();
            }
            FileTokenStore other = store(Duration.ofMillis(50));
            CompletableFuture.runAsync(() -> catchThrowableOfType(StoreException.class,
                    () -> other.save("default", Tokens.credentials("x")))).get();

            try (ChildJvm child = ChildJvm.start(errors, "try", dir().toString(), "300")) {
                assertThat(child.readLine()).startsWith("timed out").contains("openai.json.lock");
            }
        }
        try (ChildJvm child = ChildJvm.start(errors, "try", dir().toString(), "30000")) {
            assertThat(child.readLine()).isEqualTo("locked");
        }
    }
}
