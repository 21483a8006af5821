package dev.codexauth.instructions;

import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.TransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries sources in order (SPEC §6): each source's fresh copy or network fetch first, then each
 * source's stale copy ({@link InstructionSource#lastKnown}), then the last resort (the bundled
 * catalog), then a clear error naming what each source said. Never returns an empty catalog.
 * Thread-safe when its sources are.
 */
public final class FallbackInstructionSource implements InstructionSource {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackInstructionSource.class);

    private final List<InstructionSource> sources;
    private final InstructionSource lastResort;

    private FallbackInstructionSource(List<InstructionSource> sources, InstructionSource lastResort) {
        this.sources = List.copyOf(sources);
        this.lastResort = lastResort;
        if (this.sources.isEmpty() && lastResort == null) {
            throw new IllegalArgumentException("a fallback chain needs at least one source");
        }
    }

    /**
     * @param sources    tried in order, fresh or fetched first, then their stale copies
     * @param lastResort tried after every stale copy (the bundled catalog), or null
     */
    public static FallbackInstructionSource of(List<InstructionSource> sources, InstructionSource lastResort) {
        return new FallbackInstructionSource(sources, lastResort);
    }

    @Override
    public ModelCatalog catalog(CatalogKey key) {
        List<String> problems = new ArrayList<>();
        for (InstructionSource s : sources) {
            try {
                return s.catalog(key);
            } catch (CodexAuthException e) {
                problems.add(s.name() + ": " + e.getMessage());
            }
        }
        for (InstructionSource s : sources) {
            Optional<ModelCatalog> stale = s.lastKnown(key);
            if (stale.isPresent()) {
                LOG.warn("Using the last known model catalog from {} ({}): {}", s.name(),
                        stale.get().fetchedAt(), String.join("; ", problems));
                return stale.get();
            }
        }
        if (lastResort != null) {
            try {
                ModelCatalog bundled = lastResort.catalog(key);
                LOG.warn("Using the {} model catalog: {}", lastResort.name(), String.join("; ", problems));
                return bundled;
            } catch (CodexAuthException e) {
                problems.add(lastResort.name() + ": " + e.getMessage());
            }
        }
        throw new TransientException("No model catalog is available, so no request can be sent with valid instructions ("
                + String.join("; ", problems) + "). Check the network connection and the sign-in, or set "
                + dev.codexauth.config.Settings.CATALOG_FILE + " to a catalog file.", null);
    }

    @Override
    public void catalogChanged(CatalogKey key, String etag) {
        sources.forEach(s -> s.catalogChanged(key, etag));
    }

    @Override
    public Optional<ModelCatalog> lastKnown(CatalogKey key) {
        for (InstructionSource s : sources) {
            Optional<ModelCatalog> c = s.lastKnown(key);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        List<String> names = new ArrayList<>(sources.stream().map(InstructionSource::name).toList());
        if (lastResort != null) {
            names.add(lastResort.name());
        }
        return String.join(" > ", names);
    }

    @Override
    public String toString() {
        return "FallbackInstructionSource[" + name() + "]";
    }

}
