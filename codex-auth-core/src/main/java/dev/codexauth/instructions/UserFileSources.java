package dev.codexauth.instructions;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's own files (SPEC §6: they win over every other source): a catalog file
 * ({@link Settings#catalogFile()}) that replaces every source, and an instructions file
 * ({@link Settings#instructionsFile()}) whose text replaces every model's instructions. Each file is
 * read on first use and kept; an invalid file is a {@link ConfigurationException} that names the
 * file and the problem, never a silent fall-through to another source.
 */
public final class UserFileSources {

    private UserFileSources() {
    }

    /** A source that serves only the catalog in {@code file}. */
    public static InstructionSource catalogFile(Path file) {
        return new CatalogFile(file);
    }

    /** {@code delegate} with every model's instructions replaced by the text of {@code file}. */
    public static InstructionSource instructionsOverride(InstructionSource delegate, Path file) {
        return new InstructionsOverride(delegate, file);
    }

    /**
     * The user's files over {@code chain}: the catalog file instead of the chain when configured,
     * and the instructions file over the result when configured.
     */
    public static InstructionSource over(InstructionSource chain, Settings settings) {
        InstructionSource source = settings.catalogFile() != null ? catalogFile(settings.catalogFile()) : chain;
        return settings.instructionsFile() != null ? instructionsOverride(source, settings.instructionsFile()) : source;
    }

    private static byte[] read(Path file, String what, String setting) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("The " + what + " " + file + " does not exist. Create it, or unset " + setting + ".");
        } catch (IOException e) {
            throw new ConfigurationException("The " + what + " " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "). Check its permissions, or unset " + setting + ".");
        }
    }

    private static Instant modified(Path file) {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            return t.toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static final class CatalogFile implements InstructionSource {
        private final Path file;
        private volatile ModelCatalog catalog;

        CatalogFile(Path file) {
            this.file = file;
        }

        @Override
        public ModelCatalog catalog(CatalogKey key) {
            ModelCatalog c = catalog;
            if (c == null) {
                c = load();
                catalog = c;
            }
            return c;
        }

        private ModelCatalog load() {
            byte[] bytes = read(file, "catalog file", Settings.CATALOG_FILE);
            ModelCatalog parsed;
            try {
                parsed = ModelCatalog.parse(bytes, file.toString(), null, modified(file));
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
            List<String> without = new ArrayList<>();
            for (ModelInfo m : parsed.models()) {
                String text = m.instructions("default");
                if (text == null || text.isBlank()) {
                    without.add(m.slug());
                }
            }
            if (!without.isEmpty()) {
                throw invalid("model(s) " + String.join(", ", without)
                        + " have neither \"base_instructions\" nor \"model_messages.instructions_template\"");
            }
            return parsed;
        }

        private ConfigurationException invalid(String problem) {
            return new ConfigurationException("The catalog file " + file + " is invalid: " + problem
                    + ". It must hold {\"models\":[...]} as the Codex backend sends it; fix it or unset "
                    + Settings.CATALOG_FILE + ".");
        }

        @Override
        public Optional<ModelCatalog> lastKnown(CatalogKey key) {
            return Optional.ofNullable(catalog);
        }

        @Override
        public String name() {
            return "file " + file;
        }
    }

    private static final class InstructionsOverride implements InstructionSource {
        private final InstructionSource delegate;
        private final Path file;
        private volatile String text;
        /** The last catalog seen and its rewritten copy, so the hot path rewrites nothing. */
        private volatile ModelCatalog[] last = new ModelCatalog[2];

        InstructionsOverride(InstructionSource delegate, Path file) {
            this.delegate = delegate;
            this.file = file;
        }

        @Override
        public ModelCatalog catalog(CatalogKey key) {
            return rewrite(delegate.catalog(key));
        }

        @Override
        public Optional<ModelCatalog> lastKnown(CatalogKey key) {
            return delegate.lastKnown(key).map(this::rewrite);
        }

        private ModelCatalog rewrite(ModelCatalog original) {
            ModelCatalog[] pair = last;
            if (pair[0] == original) {
                return pair[1];
            }
            String override = instructions();
            ModelCatalog rewritten = new ModelCatalog(
                    original.models().stream().map(m -> m.withInstructions(override)).toList(),
                    original.source() + " + instructions " + file, original.etag(), original.fetchedAt());
            last = new ModelCatalog[] {original, rewritten};
            return rewritten;
        }

        private String instructions() {
            String t = text;
            if (t == null) {
                byte[] bytes = read(file, "instructions file", Settings.INSTRUCTIONS_FILE);
                try {
                    t = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    throw new ConfigurationException("The instructions file " + file + " is invalid: it is not UTF-8 text. "
                            + "Save it as UTF-8, or unset " + Settings.INSTRUCTIONS_FILE + ".");
                }
                if (t.isBlank()) {
                    throw new ConfigurationException("The instructions file " + file + " is invalid: it is empty. "
                            + "The backend accepts only OpenAI's Codex instructions; put them there, or unset "
                            + Settings.INSTRUCTIONS_FILE + ".");
                }
                text = t;
            }
            return t;
        }

        @Override
        public void catalogChanged(CatalogKey key, String etag) {
            delegate.catalogChanged(key, etag);
        }

        @Override
        public String name() {
            return delegate.name() + " + instructions " + file;
        }
    }
}
