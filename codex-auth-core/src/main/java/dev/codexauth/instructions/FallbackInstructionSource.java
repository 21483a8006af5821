package dev.codexauth.instructions;

import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.TransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries sources in order (SPEC §6): each source's fresh copy or network fetch first, then each
 * source's stale copy ({@link InstructionSource#lastKnown}), then the last resort (the bundled
 * catalog), then a clear error naming what each source said. Never returns an empty catalog.
 * Thread-safe when its sources are.
 *
 * <p>Falling back is logged as a warning once when it starts and again only when what serves
 * changes (another stale copy, the bundled catalog); while an outage lasts, each further request
 * logs at debug level, so a long outage does not flood the log. A live source answering again ends
 * the fallback (logged once, at info level).
 */
public final class FallbackInstructionSource implements InstructionSource {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackInstructionSource.class);

    private final List<InstructionSource> sources;
    private final InstructionSource lastResort;
    private final Consumer<String> warnings;
    /** What serves while falling back ({@code stale <source>}, {@code <last resort>}), or null when a live source does. */
    private final AtomicReference<String> fallingBackTo = new AtomicReference<>();

    private FallbackInstructionSource(List<InstructionSource> sources, InstructionSource lastResort, Consumer<String> warnings) {
        this.sources = List.copyOf(sources);
        this.lastResort = lastResort;
        this.warnings = warnings;
        if (this.sources.isEmpty() && lastResort == null) {
            throw new IllegalArgumentException("a fallback chain needs at least one source");
        }
    }

    /**
     * @param sources    tried in order, fresh or fetched first, then their stale copies
     * @param lastResort tried after every stale copy (the bundled catalog), or null
     */
    public static FallbackInstructionSource of(List<InstructionSource> sources, InstructionSource lastResort) {
        return new FallbackInstructionSource(sources, lastResort, LOG::warn);
    }

    /** As {@link #of}, with the warnings going to {@code warnings} instead of the log (tests). */
    static FallbackInstructionSource of(List<InstructionSource> sources, InstructionSource lastResort,
                                        Consumer<String> warnings) {
        return new FallbackInstructionSource(sources, lastResort, warnings);
    }

    @Override
    public ModelCatalog catalog(CatalogKey key) {
        List<String> problems = new ArrayList<>();
        for (InstructionSource s : sources) {
            try {
                ModelCatalog live = s.catalog(key);
                if (fallingBackTo.getAndSet(null) != null) {
                    LOG.info("The model catalog comes from {} again", s.name());
                }
                return live;
            } catch (CodexAuthException e) {
                problems.add(s.name() + ": " + e.getMessage());
            }
        }
        for (InstructionSource s : sources) {
            Optional<ModelCatalog> stale = s.lastKnown(key);
            if (stale.isPresent()) {
                fallingBack("stale " + s.name(), "Using the last known model catalog from " + s.name() + " ("
                        + stale.get().fetchedAt() + "): " + String.join("; ", problems));
                return stale.get();
            }
        }
        if (lastResort != null) {
            try {
                ModelCatalog bundled = lastResort.catalog(key);
                fallingBack(lastResort.name(), "Using the " + lastResort.name() + " model catalog: "
                        + String.join("; ", problems));
                return bundled;
            } catch (CodexAuthException e) {
                problems.add(lastResort.name() + ": " + e.getMessage());
            }
        }
        throw new TransientException("No model catalog is available, so no request can be sent with valid instructions ("
                + String.join("; ", problems) + "). Check the network connection and the sign-in, or set "
                + dev.codexauth.config.Settings.CATALOG_FILE + " to a catalog file.", null);
    }

    /** Warns when the fallback starts or changes what serves; otherwise only a debug line. */
    private void fallingBack(String to, String message) {
        if (to.equals(fallingBackTo.getAndSet(to))) {
            LOG.debug(message);
        } else {
            warnings.accept(message);
        }
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
