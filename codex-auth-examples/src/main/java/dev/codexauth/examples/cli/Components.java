package dev.codexauth.examples.cli;

import dev.codexauth.codex.CodexClient;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.instructions.ModelInfo;
import dev.codexauth.token.Credentials;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.token.RefreshingCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

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

    /** Where model catalogs and instructions come from: the fallback chain of sources. */
    InstructionSource instructions() {
        throw notWired("the instruction sources");
    }

    /** The Codex client, signing each request with the refreshing credentials. */
    CodexClient client() {
        throw notWired("the Codex client");
    }

    /** The account's model catalog; {@code refresh} drops cached copies first. */
    ModelCatalog catalog(boolean refresh) {
        String account = savedLogin().map(Credentials::accountId).orElse(null);
        CatalogKey key = new CatalogKey(account, settings.clientVersion());
        if (refresh) {
            instructions().catalogChanged(key, null);
        }
        return instructions().catalog(key);
    }

    /** The slug of the account's default model. */
    String defaultModel() {
        return catalog(false).defaultModel().map(ModelInfo::slug).orElseThrow(() -> new ProtocolException(
                "The model catalog lists no model. Try `codex-auth models --refresh`.", Recovery.RETRY, null));
    }

    /** The instructions sent for a model, and where they come from (your file wins over the catalog). */
    Instructions instructionsFor(ModelCatalog catalog, ModelInfo model) {
        if (settings.instructionsFile() != null) {
            try {
                return new Instructions(Files.readString(settings.instructionsFile()),
                        "your file " + settings.instructionsFile() + " (" + Settings.INSTRUCTIONS_FILE + ")");
            } catch (IOException e) {
                throw new ConfigurationException("Cannot read the instructions file " + settings.instructionsFile()
                        + " (" + e.getClass().getSimpleName() + "). Fix " + Settings.INSTRUCTIONS_FILE + ".");
            }
        }
        String text = model.instructions(settings.personality());
        if (text == null) {
            throw new ProtocolException("The catalog from " + catalog.source() + " has no instructions for " + model.slug()
                    + ". Try `codex-auth instructions --refresh`.", Recovery.RETRY, null);
        }
        return new Instructions(text, catalog.source());
    }

    /** A model's instructions and the source they came from, in the user's words. */
    record Instructions(String text, String source) {}

    private static ConfigurationException notWired(String part) {
        return new ConfigurationException("This build of codex-auth does not include " + part + " yet.");
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
