package dev.codexauth.instructions;

import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.TransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The caching decorator over a {@link CatalogFetcher}: serves a catalog from memory while it is
 * younger than the TTL (no disk, no network, no lock), then revalidates it with one conditional
 * request; concurrent callers of one key share one fetch. A copy kept on disk by the fetcher is
 * picked up on first use. After a failure the source is left alone for a while (the server's
 * {@code retryAfter} when it gave one, else the failure backoff), so an outage costs one request,
 * not one per call; {@link #lastKnown} still offers the old copy meanwhile.
 *
 * <p>Thread-safe. Time comes from the injected {@link Clock}.
 */
public final class CachedInstructionSource implements InstructionSource {

    private final CatalogFetcher fetcher;
    private final Duration ttl;
    private final Duration failureBackoff;
    private final Clock clock;
    private final ConcurrentMap<CatalogKey, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<CatalogKey, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<CatalogKey, Failure> failures = new ConcurrentHashMap<>();

    /** @param invalidated the backend said it changed: fetch again, unconditionally */
    private record Entry(ModelCatalog catalog, Instant checkedAt, boolean invalidated) {
    }

    private record Failure(CodexAuthException error, Instant until) {
    }

    private CachedInstructionSource(CatalogFetcher fetcher, Duration ttl, Duration failureBackoff, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.failureBackoff = Objects.requireNonNull(failureBackoff, "failureBackoff");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || failureBackoff.isNegative()) {
            throw new IllegalArgumentException("ttl and failureBackoff must not be negative");
        }
    }

    /** A cache over {@code fetcher} with this TTL and a one-minute backoff after failures. */
    public static CachedInstructionSource of(CatalogFetcher fetcher, Duration ttl, Clock clock) {
        return new CachedInstructionSource(fetcher, ttl, Duration.ofMinutes(1), clock);
    }

    /** As {@link #of}, with how long to leave the source alone after a failure that named no time. */
    public static CachedInstructionSource of(CatalogFetcher fetcher, Duration ttl, Duration failureBackoff, Clock clock) {
        return new CachedInstructionSource(fetcher, ttl, failureBackoff, clock);
    }

    @Override
    public ModelCatalog catalog(CatalogKey key) {
        CatalogKey k = fetcher.cacheKey(key);
        Entry e = entries.get(k);
        if (e != null && isFresh(e, clock.instant())) {
            return e.catalog();
        }
        Failure f = failures.get(k);
        if (f != null && clock.instant().isBefore(f.until())) {
            throw f.error();
        }
        return refresh(k, key).catalog();
    }

    private boolean isFresh(Entry e, Instant now) {
        return !e.invalidated() && now.isBefore(e.checkedAt().plus(ttl));
    }

    private Entry refresh(CatalogKey k, CatalogKey key) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = inFlight.putIfAbsent(k, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException ce) {
                throw ce.getCause() instanceof RuntimeException re ? re : ce;
            }
        }
        try {
            Entry loaded = load(k, key);
            entries.put(k, loaded);
            failures.remove(k);
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException ex) {
            if (ex instanceof CodexAuthException cae) {
                Duration wait = cae instanceof TransientException te ? te.retryAfter().orElse(failureBackoff) : failureBackoff;
                failures.put(k, new Failure(cae, clock.instant().plus(wait)));
            }
            mine.completeExceptionally(ex);
            throw ex;
        } finally {
            inFlight.remove(k, mine);
        }
    }

    private Entry load(CatalogKey k, CatalogKey key) {
        Instant now = clock.instant();
        Entry current = entries.get(k);
        // another caller may have finished a fetch between our check and taking the slot
        if (current != null && isFresh(current, now)) {
            return current;
        }
        ModelCatalog previous = null;
        if (current == null) {
            Optional<CatalogFetcher.Stored> stored = fetcher.restore(k);
            if (stored.isPresent()) {
                Entry restored = new Entry(stored.get().catalog(), stored.get().checkedAt(), false);
                if (isFresh(restored, now)) {
                    return restored;
                }
                // kept as the stale copy, so an outage is served from memory rather than a disk read per call
                entries.putIfAbsent(k, restored);
                previous = restored.catalog();
            }
        } else if (!current.invalidated()) {
            previous = current.catalog();
        }
        ModelCatalog fetched = fetcher.fetch(key, previous);
        return new Entry(fetched, clock.instant(), false);
    }

    @Override
    public void catalogChanged(CatalogKey key, String etag) {
        if (!fetcher.followsModelsEtag()) {
            return;
        }
        CatalogKey k = fetcher.cacheKey(key);
        entries.computeIfPresent(k, (kk, e) -> Objects.equals(e.catalog().etag(), etag)
                ? e : new Entry(e.catalog(), e.checkedAt(), true));
        failures.remove(k);
    }

    @Override
    public Optional<ModelCatalog> lastKnown(CatalogKey key) {
        CatalogKey k = fetcher.cacheKey(key);
        Entry e = entries.get(k);
        if (e != null) {
            return Optional.of(e.catalog());
        }
        try {
            return fetcher.restore(k).map(CatalogFetcher.Stored::catalog);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return fetcher.name();
    }

    @Override
    public String toString() {
        return "CachedInstructionSource[" + fetcher.name() + ", ttl=" + ttl + "]";
    }
}
