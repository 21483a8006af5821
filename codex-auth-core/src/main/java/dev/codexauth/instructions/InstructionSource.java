package dev.codexauth.instructions;

/**
 * Where the model catalog, and with it each model's Codex instructions, comes from: the account's
 * catalog on the backend, a GitHub release, a bundled copy, or a user's file. Sources compose: a
 * caching decorator wraps a source, and a fallback chain tries them in order.
 *
 * <p>The backend accepts only OpenAI's own instructions for a model, so a request is never sent
 * without them: a source that has nothing throws rather than returning an empty catalog.
 * Implementations are thread-safe and serve repeated calls from memory while fresh.
 */
public interface InstructionSource {

    /**
     * The catalog of models this account may use, with their instructions.
     *
     * @throws dev.codexauth.error.CodexAuthException when this source cannot provide one now
     */
    ModelCatalog catalog(CatalogKey key);

    /**
     * The backend says the account's catalog changed ({@code X-Models-Etag} differs from
     * {@link ModelCatalog#etag()}): drop what is cached so the next call fetches it again.
     */
    default void catalogChanged(CatalogKey key, String etag) {
    }

    /**
     * The last catalog this source had for {@code key}, however old (a stale cache), for when no
     * source can give a fresh one. Costs at most a disk read; never the network.
     */
    default java.util.Optional<ModelCatalog> lastKnown(CatalogKey key) {
        return java.util.Optional.empty();
    }

    /** A short name for where catalogs come from, for the user ({@code backend}, {@code github}...). */
    String name();
}
