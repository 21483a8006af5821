package dev.codexauth.instructions;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;

/**
 * The catalog that ships inside the library ({@value #RESOURCE} on the classpath), filled from the
 * latest Codex release when a release of this library is cut ({@code ./mvnw -Pbundle-catalog ...},
 * see the core module's pom). The last resort before an error: it may be old, but its instructions
 * are OpenAI's own. Read once; thread-safe.
 */
public final class BundledInstructionSource implements InstructionSource {

    /** Where the bundled catalog sits on the classpath. */
    public static final String RESOURCE = "dev/codexauth/instructions/bundled-models.json";

    private final ClassLoader loader;
    private final String resource;
    private volatile ModelCatalog catalog;

    private BundledInstructionSource(ClassLoader loader, String resource) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    /** The catalog bundled with this library. */
    public static BundledInstructionSource create() {
        return new BundledInstructionSource(BundledInstructionSource.class.getClassLoader(), RESOURCE);
    }

    /** A catalog at another classpath location (tests, repackaged applications). */
    public static BundledInstructionSource fromResource(ClassLoader loader, String resource) {
        return new BundledInstructionSource(loader, resource);
    }

    @Override
    public ModelCatalog catalog(CatalogKey key) {
        ModelCatalog c = catalog;
        if (c == null) {
            c = read();
            catalog = c;
        }
        return c;
    }

    private ModelCatalog read() {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigurationException("This build carries no bundled model catalog (" + resource
                        + "). Set " + Settings.CATALOG_FILE + " to a catalog file, or use a released build.");
            }
            return ModelCatalog.parse(in.readAllBytes(), "bundled", null, Instant.EPOCH);
        } catch (IOException e) {
            throw new ConfigurationException("The bundled model catalog " + resource + " cannot be read ("
                    + e.getClass().getSimpleName() + ").");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The bundled model catalog " + resource + " is invalid: " + e.getMessage() + ".");
        }
    }

    @Override
    public String name() {
        return "bundled";
    }
}
