package dev.codexauth.instructions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.RequestRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alias table for model names that are not (or no longer) catalog slugs: the 2025 plugin's
 * names and display names, mapped to a current successor or marked retired (SPEC §6). The table is
 * data: {@code model-aliases.json} beside this class, extended by a user's file of the same shape
 * ({@link Settings#modelAliasesFile()}), whose entries are checked first.
 *
 * <p>Resolution of a requested name, in order: the catalog's exact slug; the same with an effort
 * suffix split off; an alias by exact name; the catalog's longest slug prefixing the name; an
 * alias's {@code contains} rule; else a {@link RequestRejectedException} naming the models to use.
 * Immutable and thread-safe.
 */
public final class ModelAliases {

    static final String RESOURCE = "model-aliases.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EFFORT_SUFFIX = Pattern.compile("^(.+?)-(none|minimal|low|medium|high|xhigh)$");
    private static final Pattern NAMESPACE = Pattern.compile("^.*/");
    private static final Pattern PAREN_SUFFIX = Pattern.compile("\\s*\\([^)]*\\)\\s*$");
    private static volatile ModelAliases bundled;

    /** One row of the table: either a successor slug or a retirement note. */
    record Alias(List<String> names, List<String> contains, String successor, String retired) {
    }

    private final List<Alias> aliases;
    private final Map<String, Alias> byName;

    private ModelAliases(List<Alias> aliases) {
        this.aliases = List.copyOf(aliases);
        Map<String, Alias> names = new LinkedHashMap<>();
        for (Alias a : this.aliases) {
            for (String n : a.names()) {
                names.putIfAbsent(n, a);
            }
        }
        this.byName = Map.copyOf(names);
    }

    /** The table shipped with the library. */
    public static ModelAliases bundled() {
        ModelAliases b = bundled;
        if (b == null) {
            try (InputStream in = ModelAliases.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the library jar lacks " + RESOURCE);
                }
                b = parse(in.readAllBytes(), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = b;
        }
        return b;
    }

    /** The bundled table, extended by {@link Settings#modelAliasesFile()} when one is configured. */
    public static ModelAliases of(Settings settings) {
        return settings.modelAliasesFile() == null ? bundled() : bundled().withFile(settings.modelAliasesFile());
    }

    /**
     * This table with a user's file in front of it.
     *
     * @throws ConfigurationException naming the file and the problem when it is missing or invalid
     */
    public ModelAliases withFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("The model alias file " + file + " does not exist. Fix "
                    + Settings.MODEL_ALIASES_FILE + " or create the file.");
        } catch (IOException e) {
            throw new ConfigurationException("The model alias file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "). Check its permissions.");
        }
        ModelAliases user;
        try {
            user = parse(bytes, file.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The model alias file " + file + " is invalid: " + e.getMessage()
                    + ". Fix it or unset " + Settings.MODEL_ALIASES_FILE + ".");
        }
        List<Alias> all = new ArrayList<>(user.aliases);
        all.addAll(aliases);
        return new ModelAliases(all);
    }

    /**
     * Reads {@code {"aliases":[{"names":[...], "contains":[...], "successor":"slug" | "retired":"why"}]}}.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static ModelAliases parse(byte[] json, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable");
        }
        if (root == null || !root.path("aliases").isArray()) {
            throw new IllegalArgumentException("no \"aliases\" array at the top level");
        }
        List<Alias> list = new ArrayList<>();
        int i = 0;
        for (JsonNode node : root.path("aliases")) {
            String where = "aliases[" + i++ + "]";
            List<String> names = strings(node.path("names"), where + ".names");
            List<String> contains = strings(node.path("contains"), where + ".contains");
            String successor = node.path("successor").isTextual() ? node.path("successor").asText().trim() : null;
            String retired = node.path("retired").isTextual() ? node.path("retired").asText().trim() : null;
            if (names.isEmpty() && contains.isEmpty()) {
                throw new IllegalArgumentException(where + " has neither \"names\" nor \"contains\"");
            }
            if ((successor == null || successor.isEmpty()) == (retired == null)) {
                throw new IllegalArgumentException(where + " needs exactly one of \"successor\" (a slug) or \"retired\" (a note)");
            }
            list.add(new Alias(names, contains, successor, retired));
        }
        return new ModelAliases(list);
    }

    private static List<String> strings(JsonNode node, String where) {
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be an array of names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException(where + " must hold non-empty strings");
            }
            out.add(normalize(n.asText()));
        }
        return out;
    }

    /**
     * A model name as the table compares it: lower case, {@code namespace/} and a trailing
     * {@code (...)} dropped, spaces and underscores as {@code -}, a dot between letters as {@code -}
     * ({@code GPT 5 Codex Low (ChatGPT Subscription)} → {@code gpt-5-codex-low}).
     */
    static String normalize(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        s = PAREN_SUFFIX.matcher(s).replaceAll("");
        s = NAMESPACE.matcher(s).replaceAll("");
        s = s.replaceAll("[\\s_]+", "-");
        // keep version dots (5.1) but read gpt.5.high as gpt-5-high
        s = s.replaceAll("(?<![0-9])\\.|\\.(?![0-9])", "-");
        s = s.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        return s;
    }

    /**
     * The model a requested name stands for in {@code catalog}. A null or blank name is the
     * catalog's default model.
     *
     * @throws RequestRejectedException when the name is retired, or names no model of the catalog;
     *         the message lists the models to use instead
     */
    public ResolvedModel resolve(ModelCatalog catalog, String requested) {
        if (requested == null || requested.isBlank()) {
            return new ResolvedModel(catalog.defaultModel().orElseThrow(), null);
        }
        String raw = requested.trim().toLowerCase(Locale.ROOT);
        String name = normalize(requested);
        String base = name;
        String effort = null;
        Matcher m = EFFORT_SUFFIX.matcher(name);
        if (m.matches()) {
            base = m.group(1);
            effort = m.group(2);
        }
        Optional<ModelInfo> exact = exactSlug(catalog, raw)
                .or(() -> exactSlug(catalog, NAMESPACE.matcher(raw).replaceAll("")))
                .or(() -> exactSlug(catalog, name));
        if (exact.isPresent()) {
            return new ResolvedModel(exact.get(), null);
        }
        Optional<ModelInfo> baseSlug = exactSlug(catalog, base);
        if (baseSlug.isPresent()) {
            return new ResolvedModel(baseSlug.get(), effort);
        }
        Alias alias = byName.containsKey(name) ? byName.get(name) : byName.get(base);
        if (alias != null) {
            return follow(catalog, requested, alias, byName.containsKey(name) ? null : effort);
        }
        Optional<ModelInfo> prefix = catalog.find(base);
        if (prefix.isPresent()) {
            return new ResolvedModel(prefix.get(), effort);
        }
        for (Alias a : aliases) {
            for (String fragment : a.contains()) {
                if (name.contains(fragment)) {
                    return follow(catalog, requested, a, effort);
                }
            }
        }
        throw new RequestRejectedException("'" + requested.trim() + "' is not a model this account can use; use one of: "
                + choices(catalog) + ".", 0, "model_not_found", null);
    }

    private static ResolvedModel follow(ModelCatalog catalog, String requested, Alias alias, String effort) {
        if (alias.successor() != null) {
            Optional<ModelInfo> successor = exactSlug(catalog, alias.successor());
            if (successor.isPresent()) {
                return new ResolvedModel(successor.get(), effort);
            }
            throw new RequestRejectedException("'" + requested.trim() + "' was retired; its successor "
                    + alias.successor() + " is not in this account's catalog (" + catalog.source()
                    + "); use one of: " + choices(catalog) + ".", 0, "model_retired", null);
        }
        throw new RequestRejectedException("'" + requested.trim() + "' was retired (" + alias.retired()
                + "); use one of: " + choices(catalog) + ".", 0, "model_retired", null);
    }

    private static Optional<ModelInfo> exactSlug(ModelCatalog catalog, String name) {
        return catalog.models().stream().filter(mi -> mi.slug().equalsIgnoreCase(name)).findFirst();
    }

    private static String choices(ModelCatalog catalog) {
        List<String> listed = catalog.listedSlugs();
        return String.join(", ", listed.isEmpty() ? catalog.models().stream().map(ModelInfo::slug).toList() : listed);
    }
}
