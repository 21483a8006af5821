package dev.codexauth.examples.cli;

import dev.codexauth.codex.CodexClient;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The library's parts wired the way an application wires them: one settings object, one token store,
 * one HTTP transport shared by the issuer, catalog and Codex clients. Each part is made on first use,
 * so {@code cache clear} never opens a keychain and {@code status} never opens a connection. Closed
 * in reverse order of creation. Not thread-safe: one command at a time.
 */
final class Components implements AutoCloseable {

    private final Settings settings;
    private final PrintWriter err;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private TokenStore store;
    private HttpTransport transport;
    private HttpIssuer issuer;
    private InstructionSource instructions;
    private CodexClient client;
    private RefreshingCredentials credentials;

    Components(Settings settings, PrintWriter err) {
        this.settings = settings;
        this.err = err;
    }

    Settings settings() {
        return settings;
    }

    /** The configured token store ({@code CODEX_AUTH_STORE}: file, keychain, auto, memory). */
    TokenStore store() {
        if (store == null) {
            store = opened(TokenStores.open(settings));
        }
        return store;
    }

    HttpTransport transport() {
        if (transport == null) {
            transport = opened(HttpTransport.create(settings));
        }
        return transport;
    }

    /** The issuer's endpoints (sign-in, refresh, revoke, device code) over the shared transport. */
    HttpIssuer issuer() {
        if (issuer == null) {
            issuer = HttpIssuer.create(transport(), settings);
        }
        return issuer;
    }

    /** The refreshing credentials of the configured profile: one refresh at a time, across processes too. */
    RefreshingCredentials credentials() {
        if (credentials == null) {
            credentials = RefreshingCredentials.builder(settings, store(), issuer()).build();
        }
        return credentials;
    }

    /** The saved login of the configured profile, without refreshing it. */
    Optional<Credentials> savedLogin() {
        return store().load(settings.profile());
    }

    /**
     * Where model catalogs and instructions come from: your files when configured, else the account's
     * catalog from the backend (when signed in), GitHub's latest release, stale copies, the bundled catalog.
     */
    InstructionSource instructions() {
        if (instructions == null) {
            instructions = InstructionSources.standard(settings, transport(), savedLogin().isPresent() ? credentials() : null);
        }
        return instructions;
    }

    /** The Codex client, signing each request with the refreshing credentials. */
    CodexClient client() {
        if (client == null) {
            client = opened(HttpCodexClient.builder(settings).transport(transport())
                    .credentials(credentials()).instructions(instructions()).build());
        }
        return client;
    }

    /** The catalog key of the signed-in account (or of nobody: GitHub and bundled catalogs need none). */
    CatalogKey catalogKey() {
        return new CatalogKey(savedLogin().map(Credentials::accountId).orElse(null), settings.clientVersion());
    }

    /** The account's model catalog; {@code refresh} drops cached copies first. */
    ModelCatalog catalog(boolean refresh) {
        CatalogKey key = catalogKey();
        if (refresh) {
            instructions().catalogChanged(key, null);
        }
        return instructions().catalog(key);
    }

    private <T extends AutoCloseable> T opened(T part) {
        opened.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // closing is best effort: the command's own outcome is what the user needs to see
                if (settings.debug()) {
                    err.println("codex-auth: closing " + e.getClass().getSimpleName() + " failed");
                }
            }
        }
    }
}
