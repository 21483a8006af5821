package dev.codexauth.http.catalog;

import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.BundledInstructionSource;
import dev.codexauth.instructions.CachedInstructionSource;
import dev.codexauth.instructions.FallbackInstructionSource;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.UserFileSources;
import dev.codexauth.token.CredentialsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The standard chain of model catalogs (SPEC §6), as the CLI and the client use it: the user's
 * files when configured (they win over everything); else the account's catalog from the backend
 * (cached for {@link Settings#catalogTtl()}), GitHub's latest release (cached for
 * {@link Settings#instructionsTtl()} and on disk), each source's stale copy, the bundled catalog,
 * and finally a clear error.
 */
public final class InstructionSources {

    private InstructionSources() {
    }

    /**
     * @param credentials the signed-in account's tokens for the backend's catalog, or null to skip
     *                    the backend (not signed in)
     */
    public static InstructionSource standard(Settings settings, HttpTransport transport, CredentialsProvider credentials) {
        return standard(settings, transport, credentials, BundledInstructionSource.create());
    }

    /** {@link #standard(Settings, HttpTransport, CredentialsProvider)} with another last resort (tests). */
    public static InstructionSource standard(Settings settings, HttpTransport transport, CredentialsProvider credentials,
                                             InstructionSource bundled) {
        List<InstructionSource> live = new ArrayList<>();
        if (credentials != null) {
            live.add(backend(settings, transport, credentials));
        }
        live.add(github(settings, transport));
        return UserFileSources.over(FallbackInstructionSource.of(live, bundled), settings);
    }

    /**
     * The account's catalog from the backend alone (SPEC §6 source 1), cached in memory for
     * {@link Settings#catalogTtl()} and on disk under {@link Settings#cacheDir()}, revalidated with
     * {@code If-None-Match}, dropped when a reply's {@code X-Models-Etag} names another catalog.
     * No fallback: {@link #standard} adds GitHub, stale copies and the bundled catalog.
     */
    public static InstructionSource backend(Settings settings, HttpTransport transport, CredentialsProvider credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return CachedInstructionSource.of(BackendCatalogSource.create(settings, transport, credentials),
                settings.catalogTtl(), settings.clock());
    }

    /**
     * The latest Codex release's catalog from GitHub alone (SPEC §6 source 2), cached in memory for
     * {@link Settings#instructionsTtl()} and on disk in the seed's layout, within GitHub's rate limit.
     * No fallback: {@link #standard} adds the backend, stale copies and the bundled catalog.
     */
    public static InstructionSource github(Settings settings, HttpTransport transport) {
        return CachedInstructionSource.of(GitHubInstructionSource.create(settings, transport),
                settings.instructionsTtl(), settings.clock());
    }
}
