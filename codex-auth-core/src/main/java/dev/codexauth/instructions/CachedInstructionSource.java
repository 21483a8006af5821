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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caching decorator over a {@link CatalogFetcher}: serves a catalog from memory while it is
 * younger than the TTL (no disk, no network, no lock), then revalidates it with one conditional
 * request; concurrent callers of one key share one fetch. A copy kept on disk by the fetcher is
 * picked up on first use. After a failure the source is left alone for a while (the server's
 * {@code retryAfter} when it gave one, else the failure backoff), so an outage costs one request,
 * not one per call; {@link #lastKnown} still offers the old copy meanwhile.
 *
 * <p><b>Stale while revalidating.</b> Once a copy is past its TTL (or the backend said it changed),
 * one revalidation runs on a background thread. Callers wait for it at most the revalidation wait
 * (three seconds unless given), counted from when it started; after that they are served the stale
 * copy at once while it goes on, so a slow or hanging catalog endpoint costs a request at most that
 * wait, once per TTL, instead of the transport's timeouts. A revalidation that answers within the
 * wait is seen by the caller that started it (a changed catalog at once, a failure as an error the
 * fallback chain handles). With nothing cached at all there is nothing stale to serve: the first
 * fetch is made on the caller's thread.
 *
 * <p>Thread-safe. Time comes from the injected {@link Clock}; only the revalidation wait is
 * measured on the monotonic clock, as it bounds a real wait.
 */
public final class CachedInstructionSource implements InstructionSource {

    /** How long callers wait for a revalidation by default before being served the stale copy. */
    public static final Duration DEFAULT_REVALIDATION_WAIT = Duration.ofSeconds(3);

    /** Revalidations run here: daemon threads, so a hanging fetch never keeps a JVM alive. */
    private static final ExecutorService REVALIDATIONS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "codex-auth-catalog-revalidation");
        t.setDaemon(true);
        return t;
    });

    private final CatalogFetcher fetcher;
    private final Duration ttl;
    private final Duration failureBackoff;
    private final Duration revalidationWait;
    private final Clock clock;
    private final ConcurrentMap<CatalogKey, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<CatalogKey, Flight> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<CatalogKey, Failure> failures = new ConcurrentHashMap<>();

    /**
     * @param invalidatedBy the backend said the catalog changed: the {@code X-Models-Etag} it gave
     *                      (unquoted), or "" when none was given; null while valid
     * @param fetchedFor    the {@code X-Models-Etag} (unquoted) this copy was fetched in answer to,
     *                      so that hearing it again does not fetch again; null when none
     */
    private record Entry(ModelCatalog catalog, Instant checkedAt, String invalidatedBy, String fetchedFor) {

        boolean invalidated() {
            return invalidatedBy != null;
        }
    }

    private record Failure(CodexAuthException error, Instant until) {
    }

    /** One fetch of a key, shared by every caller; {@code startedNanos} bounds how long they wait. */
    private record Flight(CompletableFuture<Entry> result, long startedNanos) {
    }

    private CachedInstructionSource(CatalogFetcher fetcher, Duration ttl, Duration failureBackoff,
                                    Duration revalidationWait, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.failureBackoff = Objects.requireNonNull(failureBackoff, "failureBackoff");
        this.revalidationWait = Objects.requireNonNull(revalidationWait, "revalidationWait");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || failureBackoff.isNegative() || revalidationWait.isNegative()) {
            throw new IllegalArgumentException("ttl, failureBackoff and revalidationWait must not be negative");
        }
    }

    /** A cache over {@code fetcher} with this TTL and a one-minute backoff after failures. */
    public static CachedInstructionSource of(CatalogFetcher fetcher, Duration ttl, Clock clock) {
        return new CachedInstructionSource(fetcher, ttl, Duration.ofMinutes(1), DEFAULT_REVALIDATION_WAIT, clock);
    }

    /** As {@link #of}, with how long to leave the source alone after a failure that named no time. */
    public static CachedInstructionSource of(CatalogFetcher fetcher, Duration ttl, Duration failureBackoff, Clock clock) {
        return new CachedInstructionSource(fetcher, ttl, failureBackoff, DEFAULT_REVALIDATION_WAIT, clock);
    }

    /**
     * As {@link #of(CatalogFetcher, Duration, Duration, Clock)}, with how long callers wait for a
     * revalidation before being served the stale copy ({@link Duration#ZERO}: never wait).
     */
    public static CachedInstructionSource of(CatalogFetcher fetcher, Duration ttl, Duration failureBackoff,
                                             Duration revalidationWait, Clock clock) {
        return new CachedInstructionSource(fetcher, ttl, failureBackoff, revalidationWait, clock);
    }

    @Override
    public ModelCatalog catalog(CatalogKey key) {
        CatalogKey k = fetcher.cacheKey(key);
        Entry e = entries.get(k);
        Instant now = clock.instant();
        if (e != null && isFresh(e, now)) {
            return e.catalog();
        }
        Failure f = failures.get(k);
        if (f != null && now.isBefore(f.until())) {
            throw f.error();
        }
        if (e == null) {
            e = restored(k);
            if (e != null && isFresh(e, now)) {
                return e.catalog();
            }
        }
        return e == null ? coldFetch(k, key).catalog() : revalidate(k, key, e);
    }

    private boolean isFresh(Entry e, Instant now) {
        return !e.invalidated() && now.isBefore(e.checkedAt().plus(ttl));
    }

    /** The disk copy, kept in memory as the (maybe stale) entry so an outage costs no disk read per call. */
    private Entry restored(CatalogKey k) {
        Optional<CatalogFetcher.Stored> stored;
        try {
            stored = fetcher.restore(k);
        } catch (RuntimeException unreadable) {
            return null;
        }
        if (stored.isEmpty()) {
            return null;
        }
        Entry restored = new Entry(stored.get().catalog(), stored.get().checkedAt(), null, null);
        Entry before = entries.putIfAbsent(k, restored);
        return before != null ? before : restored;
    }

    /** Nothing to serve meanwhile: fetch on this thread, or wait for the fetch already running. */
    private Entry coldFetch(CatalogKey k, CatalogKey key) {
        Flight mine = new Flight(new CompletableFuture<>(), System.nanoTime());
        Flight running = inFlight.putIfAbsent(k, mine);
        if (running != null) {
            try {
                return running.result().join();
            } catch (CompletionException ce) {
                throw ce.getCause() instanceof RuntimeException re ? re : ce;
            }
        }
        return fly(k, key, mine);
    }

    /** Starts (or joins) the one background revalidation of {@code k}; the stale copy once the wait is over. */
    private ModelCatalog revalidate(CatalogKey k, CatalogKey key, Entry stale) {
        Flight mine = new Flight(new CompletableFuture<>(), System.nanoTime());
        Flight flight = inFlight.putIfAbsent(k, mine);
        if (flight == null) {
            flight = mine;
            try {
                REVALIDATIONS.execute(() -> {
                    try {
                        fly(k, key, mine);
                    } catch (RuntimeException seenByTheCallers) {
                        // recorded as the key's failure and handed to whoever waits for the flight
                    }
                });
            } catch (RejectedExecutionException noThread) {
                fly(k, key, mine);
            }
        }
        long left = revalidationWait.toNanos() - (System.nanoTime() - flight.startedNanos());
        try {
            Entry fresh = left > 0 ? flight.result().get(left, TimeUnit.NANOSECONDS) : flight.result().getNow(null);
            return fresh != null ? fresh.catalog() : stale.catalog();
        } catch (TimeoutException slow) {
            return stale.catalog();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return stale.catalog();
        } catch (ExecutionException | CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException re ? re : new CompletionException(failed.getCause());
        }
    }

    /** Runs the flight's fetch and settles it: the entry and a cleared failure, or the failure and its backoff. */
    private Entry fly(CatalogKey k, CatalogKey key, Flight flight) {
        // the flight leaves the map before it completes, so no caller joins a flight that is over
        Entry loaded;
        try {
            loaded = load(k, key);
        } catch (RuntimeException ex) {
            if (ex instanceof CodexAuthException cae) {
                Duration wait = cae instanceof TransientException te ? te.retryAfter().orElse(failureBackoff) : failureBackoff;
                failures.put(k, new Failure(cae, clock.instant().plus(wait)));
            }
            inFlight.remove(k, flight);
            flight.result().completeExceptionally(ex);
            throw ex;
        }
        entries.put(k, loaded);
        failures.remove(k);
        inFlight.remove(k, flight);
        flight.result().complete(loaded);
        return loaded;
    }

    private Entry load(CatalogKey k, CatalogKey key) {
        Entry current = entries.get(k);
        // another caller may have finished a fetch between our check and taking the slot
        if (current != null && isFresh(current, clock.instant())) {
            return current;
        }
        if (current == null) {
            return new Entry(fetcher.fetch(key, null), clock.instant(), null, null);
        }
        if (current.invalidated()) {
            String answering = current.invalidatedBy().isEmpty() ? null : current.invalidatedBy();
            return new Entry(fetcher.fetch(key, null), clock.instant(), null, answering);
        }
        ModelCatalog fetched = fetcher.fetch(key, current.catalog());
        // a 304 keeps the copy, and with it the X-Models-Etag it already answers
        return new Entry(fetched, clock.instant(), null, fetched == current.catalog() ? current.fetchedFor() : null);
    }

    /**
     * Drops the cached copy when {@code etag} (the backend's {@code X-Models-Etag}) names another
     * catalog than the one held, compared without quotes or {@code W/}; a null {@code etag} (a user's
     * explicit refresh) drops it unconditionally, the copy on disk included. Costs a map read and a string comparison when nothing changed, since the
     * client calls this after every reply. Does nothing for a source that does not follow the
     * models etag, when no copy is held, when the copy is already dropped, or when the copy was
     * itself fetched in answer to this etag (so a backend whose two etags never match costs one
     * fetch per change, not one per reply). Never ends a failure backoff: an outage stays one
     * request per backoff.
     */
    @Override
    public void catalogChanged(CatalogKey key, String etag) {
        if (!fetcher.followsModelsEtag()) {
            return;
        }
        CatalogKey k = fetcher.cacheKey(key);
        Entry e = entries.get(k);
        if (e == null && etag == null) {
            // an explicit refresh (no etag) in a process that has not read the disk copy yet drops that too
            e = restored(k);
        }
        if (e == null || !isChangedBy(e, etag)) {
            return;
        }
        String said = etag == null ? "" : opaque(etag);
        entries.computeIfPresent(k, (kk, cur) -> isChangedBy(cur, etag)
                ? new Entry(cur.catalog(), cur.checkedAt(), said, cur.fetchedFor()) : cur);
    }

    private static boolean isChangedBy(Entry e, String etag) {
        if (e.invalidated()) {
            return false;
        }
        if (etag == null) {
            return true;
        }
        String said = opaque(etag);
        return !said.equals(opaque(e.catalog().etag())) && !said.equals(e.fetchedFor());
    }

    /** An entity tag without its weakness mark and quotes: {@code W/"abc"}, {@code "abc"} and {@code abc} are one tag. */
    static String opaque(String etag) {
        if (etag == null) {
            return null;
        }
        String t = etag.strip();
        if (t.startsWith("W/") || t.startsWith("w/")) {
            t = t.substring(2).strip();
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** The revalidation or first fetch of {@code key} running now, if any (tests wait on it). */
    Optional<CompletableFuture<?>> running(CatalogKey key) {
        return Optional.ofNullable(inFlight.get(fetcher.cacheKey(key))).map(f -> f.result());
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
