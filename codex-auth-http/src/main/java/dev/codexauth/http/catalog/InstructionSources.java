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
            live.add(CachedInstructionSource.of(BackendCatalogSource.create(settings, transport, credentials),
                    settings.catalogTtl(), settings.clock()));
        }
        live.add(CachedInstructionSource.of(GitHubInstructionSource.create(settings, transport),
                settings.instructionsTtl(), settings.clock()));
        return UserFileSources.over(FallbackInstructionSource.of(live, bundled), settings);
    }
}
