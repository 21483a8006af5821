package dev.codexauth.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.TransientException;
import dev.codexauth.token.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedInstructionSourceTest {

    static final CatalogKey KEY = new CatalogKey("acct-1", "0.160.1");
    static final Duration TTL = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    static ModelCatalog catalog(String etag, String text) {
        return ModelCatalog.parse(("{\"models\":[{\"slug\":\"gpt-5.5\",\"base_instructions\":\"" + text + "\"}]}").getBytes(),
                "test", etag, Instant.EPOCH);
    }

    /** A fetcher that records what it was asked and answers from a script. */
    static class ScriptedFetcher implements CatalogFetcher {
        final List<ModelCatalog> previousSeen = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger calls = new AtomicInteger();
        volatile ModelCatalog current = catalog("\"v1\"", "one");
        volatile RuntimeException failure;
        volatile CountDownLatch gate;
        volatile Stored stored;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public boolean followsModelsEtag() {
            return true;
        }

        @Override
        public Optional<Stored> restore(CatalogKey key) {
            return Optional.ofNullable(stored);
        }

        @Override
        public ModelCatalog fetch(CatalogKey key, ModelCatalog previous) {
            calls.incrementAndGet();
            previousSeen.add(previous);
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            ModelCatalog now = current;
            // a conditional request for what the server still has is a 304: the previous copy comes back
            return previous != null && previous.etag() != null && previous.etag().equals(now.etag()) ? previous : now;
        }
    }

    final ScriptedFetcher fetcher = new ScriptedFetcher();
    final CachedInstructionSource cache = CachedInstructionSource.of(fetcher, TTL, Duration.ofSeconds(30), clock);

    @Test
    void aThousandCallsWithinTheTtlFetchOnce() {
        for (int i = 0; i < 1000; i++) {
            assertThat(cache.catalog(KEY).etag()).isEqualTo("\"v1\"");
            clock.advance(Duration.ofMillis(200));
        }
        assertThat(fetcher.calls).hasValue(1);
        assertThat(fetcher.previousSeen).containsExactly((ModelCatalog) null);
    }

    @Test
    void afterTheTtlOneConditionalRequestIsMadeAndAnUnchangedAnswerResetsTheTimer() {
        ModelCatalog first = cache.catalog(KEY);
        clock.advance(TTL);

        assertThat(cache.catalog(KEY)).isSameAs(first);
        assertThat(fetcher.calls).hasValue(2);
        assertThat(fetcher.previousSeen.get(1)).isSameAs(first);

        clock.advance(TTL.minusSeconds(1));
        cache.catalog(KEY);
        assertThat(fetcher.calls).hasValue(2);
    }

    @Test
    void aChangedCatalogReplacesTheCachedOne() {
        cache.catalog(KEY);
        fetcher.current = catalog("\"v2\"", "two");
        clock.advance(TTL);

        assertThat(cache.catalog(KEY).etag()).isEqualTo("\"v2\"");
    }

    @Test
    void eachAccountAndVersionHasItsOwnCopy() {
        cache.catalog(KEY);
        cache.catalog(new CatalogKey("acct-2", "0.160.1"));
        cache.catalog(new CatalogKey("acct-1", "0.150.0"));
        cache.catalog(KEY);

        assertThat(fetcher.calls).hasValue(3);
    }

    @Test
    void aDifferentModelsEtagDropsTheCopyAndTheNextCallRefetchesUnconditionally() {
        cache.catalog(KEY);
        fetcher.current = catalog("\"v2\"", "two");

        cache.catalogChanged(KEY, "\"v2\"");

        assertThat(cache.catalog(KEY).etag()).isEqualTo("\"v2\"");
        assertThat(fetcher.calls).hasValue(2);
        assertThat(fetcher.previousSeen.get(1)).isNull();
        cache.catalog(KEY);
        assertThat(fetcher.calls).hasValue(2);
    }

    @Test
    void aSourceThatDoesNotFollowTheModelsEtagKeepsItsCopy() {
        CatalogFetcher github = new ScriptedFetcher() {
            @Override
            public boolean followsModelsEtag() {
                return false;
            }
        };
        CachedInstructionSource cachedGithub = CachedInstructionSource.of(github, TTL, clock);
        cachedGithub.catalog(KEY);

        cachedGithub.catalogChanged(KEY, "\"other\"");
        cachedGithub.catalog(KEY);

        assertThat(((ScriptedFetcher) github).calls).hasValue(1);
    }

    @Test
    void theSameModelsEtagChangesNothing() {
        cache.catalog(KEY);
        cache.catalogChanged(KEY, "\"v1\"");
        cache.catalog(KEY);

        assertThat(fetcher.calls).hasValue(1);
    }

    @Test
    void aModelsEtagThatDiffersOnlyInQuotesOrWeaknessChangesNothing() {
        cache.catalog(KEY);

        cache.catalogChanged(KEY, "W/\"v1\"");
        cache.catalogChanged(KEY, "v1");
        cache.catalog(KEY);

        assertThat(fetcher.calls).hasValue(1);
    }

    @Test
    void aModelsEtagNeverEndsTheFailureBackoff() {
        cache.catalog(KEY);
        clock.advance(TTL);
        fetcher.failure = new TransientException("down", null);
        assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("down");

        for (int i = 0; i < 100; i++) {
            cache.catalogChanged(KEY, "\"v" + (i + 2) + "\"");
            assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("down");
        }

        assertThat(fetcher.calls).hasValue(2);
    }

    @Test
    void aModelsEtagWithoutACachedCopyNeitherFetchesNorEndsTheBackoff() {
        fetcher.failure = new TransientException("down", null);
        assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("down");

        cache.catalogChanged(KEY, "\"other\"");

        assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("down");
        assertThat(fetcher.calls).hasValue(1);
    }

    @Test
    void aModelsEtagThatTheRefetchedCatalogDoesNotCarryCausesOneRefetchNotOnePerReply() {
        cache.catalog(KEY);

        for (int i = 0; i < 100; i++) {
            // the backend keeps naming an etag its catalog endpoint does not answer with
            cache.catalogChanged(KEY, "\"models-9\"");
            assertThat(cache.catalog(KEY).etag()).isEqualTo("\"v1\"");
        }

        assertThat(fetcher.calls).hasValue(2);
        cache.catalogChanged(KEY, "\"models-10\"");
        cache.catalog(KEY);
        assertThat(fetcher.calls).hasValue(3);
    }

    @Test
    void anExplicitRefreshWithoutEtagDropsEvenAFreshDiskCopy() {
        fetcher.stored = new CatalogFetcher.Stored(catalog("\"disk\"", "disk"), clock.instant());

        cache.catalogChanged(KEY, null);

        assertThat(cache.catalog(KEY).etag()).isEqualTo("\"v1\"");
        assertThat(fetcher.previousSeen).containsExactly((ModelCatalog) null);
    }

    @Test
    void aStaleCopyIsServedAtOnceWhileOneRevalidationRunsInTheBackground() throws Exception {
        CachedInstructionSource swr = CachedInstructionSource.of(fetcher, TTL, Duration.ofSeconds(30), Duration.ZERO, clock);
        ModelCatalog first = swr.catalog(KEY);
        fetcher.current = catalog("\"v2\"", "two");
        fetcher.gate = new CountDownLatch(1);
        clock.advance(TTL);

        for (int i = 0; i < 100; i++) {
            assertThat(swr.catalog(KEY)).isSameAs(first);
        }
        java.util.concurrent.CompletableFuture<?> revalidation = swr.running(KEY).orElseThrow();
        fetcher.gate.countDown();
        revalidation.get(10, TimeUnit.SECONDS);

        assertThat(swr.catalog(KEY).etag()).isEqualTo("\"v2\"");
        assertThat(fetcher.calls).hasValue(2);
        assertThat(fetcher.previousSeen.get(1)).isSameAs(first);
    }

    @Test
    void aFailedBackgroundRevalidationLeavesTheStaleCopyAndStartsTheBackoff() throws Exception {
        CachedInstructionSource swr = CachedInstructionSource.of(fetcher, TTL, Duration.ofSeconds(30), Duration.ZERO, clock);
        ModelCatalog first = swr.catalog(KEY);
        fetcher.failure = new TransientException("down", null);
        fetcher.gate = new CountDownLatch(1);
        clock.advance(TTL);

        assertThat(swr.catalog(KEY)).isSameAs(first);
        java.util.concurrent.CompletableFuture<?> revalidation = swr.running(KEY).orElseThrow();
        fetcher.gate.countDown();
        assertThatThrownBy(() -> revalidation.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TransientException.class);

        assertThatThrownBy(() -> swr.catalog(KEY)).hasMessage("down");
        assertThat(swr.lastKnown(KEY)).containsSame(first);
        assertThat(fetcher.calls).hasValue(2);
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        fetcher.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<ModelCatalog>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> cache.catalog(KEY)));
            }
            while (fetcher.calls.get() == 0) {
                Thread.onSpinWait();
            }
            fetcher.gate.countDown();
            for (Future<ModelCatalog> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS).etag()).isEqualTo("\"v1\"");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetcher.calls).hasValue(1);
    }

    @Test
    void afterAFailureTheSourceIsLeftAloneForTheBackoff() {
        fetcher.failure = new TransientException("down", null);

        assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("down");
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("down");
        assertThat(fetcher.calls).hasValue(1);

        fetcher.failure = null;
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.catalog(KEY).etag()).isEqualTo("\"v1\"");
        assertThat(fetcher.calls).hasValue(2);
    }

    @Test
    void aServersRetryAfterDecidesHowLongTheSourceIsLeftAlone() {
        fetcher.failure = new TransientException("rate limited", Duration.ofMinutes(40), null);
        assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("rate limited");

        clock.advance(Duration.ofMinutes(39));
        assertThatThrownBy(() -> cache.catalog(KEY)).hasMessage("rate limited");
        assertThat(fetcher.calls).hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        fetcher.failure = null;
        cache.catalog(KEY);
        assertThat(fetcher.calls).hasValue(2);
    }

    @Test
    void theStaleCopyStaysAvailableWhenARefreshFails() {
        ModelCatalog first = cache.catalog(KEY);
        clock.advance(TTL);
        fetcher.failure = new TransientException("down", null);

        assertThatThrownBy(() -> cache.catalog(KEY)).isInstanceOf(TransientException.class);
        assertThat(cache.lastKnown(KEY)).containsSame(first);
    }

    @Test
    void aFreshCopyOnDiskIsServedWithoutAFetch() {
        fetcher.stored = new CatalogFetcher.Stored(catalog("\"disk\"", "disk"), clock.instant().minus(Duration.ofMinutes(4)));

        assertThat(cache.catalog(KEY).etag()).isEqualTo("\"disk\"");
        assertThat(fetcher.calls).hasValue(0);

        clock.advance(Duration.ofMinutes(1));
        cache.catalog(KEY);
        assertThat(fetcher.calls).hasValue(1);
    }

    @Test
    void aStaleCopyOnDiskIsRevalidatedConditionally() {
        fetcher.stored = new CatalogFetcher.Stored(catalog("\"v1\"", "disk"), clock.instant().minus(Duration.ofHours(3)));

        ModelCatalog c = cache.catalog(KEY);

        assertThat(c).isSameAs(fetcher.stored.catalog());
        assertThat(fetcher.previousSeen).containsExactly(fetcher.stored.catalog());
    }

    @Test
    void theDiskCopyIsTheLastKnownCatalogBeforeAnyFetch() {
        fetcher.stored = new CatalogFetcher.Stored(catalog("\"old\"", "disk"), Instant.EPOCH);

        assertThat(cache.lastKnown(KEY)).map(ModelCatalog::etag).contains("\"old\"");
    }
}
