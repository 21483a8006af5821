package dev.codexauth.instructions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The models an account may use, best first ({@code priority}, lower first), with where they came
 * from. Immutable and thread-safe.
 *
 * @param models    the models, sorted by priority
 * @param source    where this catalog came from ({@code backend}, {@code github <tag>}, {@code bundled}, a file path...)
 * @param etag      the catalog's ETag when the source gave one, else null
 * @param fetchedAt when the source produced it
 */
public record ModelCatalog(List<ModelInfo> models, String source, String etag, Instant fetchedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelCatalog {
        models = models.stream().sorted(Comparator.comparingInt(ModelInfo::priority)).toList();
    }

    /**
     * Reads {@code {"models":[...]}}.
     *
     * @throws IllegalArgumentException naming the problem when the document is not a catalog
     */
    public static ModelCatalog parse(byte[] json, String source, String etag, Instant fetchedAt) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable (" + e.getMessage() + ")");
        }
        if (root == null || !root.path("models").isArray()) {
            throw new IllegalArgumentException("no \"models\" array at the top level");
        }
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode node : root.path("models")) {
            models.add(ModelInfo.fromJson(node));
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the \"models\" array is empty");
        }
        return new ModelCatalog(models, source, etag, fetchedAt);
    }

    /** The default model: the first listed one by priority. */
    public Optional<ModelInfo> defaultModel() {
        return models.stream().filter(ModelInfo::listed).findFirst().or(() -> models.stream().findFirst());
    }

    /**
     * The description of a requested model name (SPEC §6): exact slug; else the longest slug that
     * prefixes the name; else the same with a {@code namespace/} dropped. Case-insensitive.
     */
    public Optional<ModelInfo> find(String requested) {
        String name = requested.trim().toLowerCase(Locale.ROOT);
        Optional<ModelInfo> found = exactOrPrefix(name);
        int slash = name.lastIndexOf('/');
        if (found.isEmpty() && slash >= 0) {
            found = exactOrPrefix(name.substring(slash + 1));
        }
        return found;
    }

    private Optional<ModelInfo> exactOrPrefix(String name) {
        ModelInfo best = null;
        for (ModelInfo m : models) {
            String slug = m.slug().toLowerCase(Locale.ROOT);
            if (slug.equals(name)) {
                return Optional.of(m);
            }
            if (name.startsWith(slug) && (best == null || slug.length() > best.slug().length())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * What a requested name stands for, with the bundled alias table (SPEC §6): catalog slugs first,
     * then the 2025 plugin's names mapped to a successor, an effort suffix split off.
     *
     * @throws dev.codexauth.error.RequestRejectedException when the name is retired or unknown,
     *         listing the models to use instead
     * @see ModelAliases#resolve(ModelCatalog, String)
     */
    public ResolvedModel resolve(String requested) {
        return ModelAliases.bundled().resolve(this, requested);
    }

    /** {@link #resolve(String)} with a given alias table (e.g. {@link ModelAliases#of} the settings). */
    public ResolvedModel resolve(String requested, ModelAliases aliases) {
        return aliases.resolve(this, requested);
    }

    /** The slugs users may pick, for error messages: listed models in priority order. */
    public List<String> listedSlugs() {
        return models.stream().filter(ModelInfo::listed).map(ModelInfo::slug).toList();
    }
}
