package dev.codexauth.instructions;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A network source as {@link CachedInstructionSource} drives it: it fetches, conditionally when it
 * is given what it fetched before, and may keep what it fetched on disk for the next process. TTLs,
 * sharing one fetch between callers and stale fallbacks are the cache's business, not the fetcher's.
 */
public interface CatalogFetcher {

    /** A short name for the user ({@code backend}, {@code github}). */
    String name();

    /**
     * The key the cache files a catalog under: the same for keys that must share one copy (GitHub
     * serves every account alike, so it ignores the account and version).
     */
    default CatalogKey cacheKey(CatalogKey key) {
        return key;
    }

    /**
     * Whether the backend's {@code X-Models-Etag} speaks for this source's catalog (the account's
     * catalog does; GitHub's does not), so that {@link InstructionSource#catalogChanged} drops it.
     */
    default boolean followsModelsEtag() {
        return false;
    }

    /** What an earlier process kept on disk for {@code key}, with when it was last confirmed. */
    default Optional<Stored> restore(CatalogKey key) {
        return Optional.empty();
    }

    /**
     * Fetches the catalog. With a {@code previous} copy the request is conditional
     * ({@code If-None-Match}); when the source says nothing changed, {@code previous} itself is
     * returned (the caller resets its timer).
     *
     * @param previous what this fetcher returned before for the key, or null for an unconditional fetch
     * @throws dev.codexauth.error.CodexAuthException when the source cannot answer now; a
     *         {@link dev.codexauth.error.TransientException#retryAfter()} says how long to leave it alone
     */
    ModelCatalog fetch(CatalogKey key, ModelCatalog previous);

    /**
     * A catalog kept on disk.
     *
     * @param checkedAt when the source last confirmed it (a 200 or a 304)
     */
    record Stored(ModelCatalog catalog, Instant checkedAt) {
        public Stored {
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(checkedAt, "checkedAt");
        }
    }
}
