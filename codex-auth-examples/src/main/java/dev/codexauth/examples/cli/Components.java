package dev.codexauth.examples.cli;

import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
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
