package dev.codexauth.examples;

import dev.codexauth.config.Settings;
import dev.codexauth.error.StoreException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plugs in a token store of your own: here, your company's secret vault (a map stands in for it).
 * Hand it to the library directly, as below; or wrap it in a {@code TokenStoreProvider}, list that
 * class in {@code META-INF/services/dev.codexauth.token.TokenStoreProvider}, and pick it with
 * {@code CODEX_AUTH_STORE=<its name>}.
 */
public final class CustomTokenStore {

    /** Must be thread-safe; the lock must hold across processes too when several share the vault. */
    static final class VaultTokenStore implements TokenStore {
        private final Map<String, Credentials> vault = new ConcurrentHashMap<>(); // your vault client here
        private final ReentrantLock refreshLock = new ReentrantLock(); // one process only: use the vault's lease API

        @Override public String name() { return "vault"; }
        @Override public String location() { return "the company vault, path secret/codex"; } // never a secret
        @Override public Optional<Credentials> load(String profile) { return Optional.ofNullable(vault.get(profile)); }
        @Override public void save(String profile, Credentials login) { vault.put(profile, login); } // atomically
        @Override public boolean delete(String profile) { return vault.remove(profile) != null; }

        @Override
        public StoreLock lock(String profile, Duration timeout) {
            // The refresh holds this while it re-reads, spends the single-use refresh token, and saves.
            try {
                if (refreshLock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return refreshLock::unlock;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new StoreException("The vault's refresh lock is busy; try again.", null);
        }
    }

    public static void main(String[] args) {
        Settings settings = Settings.defaults();
        try (HttpTransport transport = HttpTransport.create(settings); TokenStore vault = new VaultTokenStore()) {
            // Sign in into it (see SignInAndAsk), then build a client with it as in StreamEvents.
            RefreshingCredentials credentials = RefreshingCredentials.builder(settings, vault, HttpIssuer.create(transport, settings)).build();
            System.out.println("logins are kept in " + vault.location() + "; profile " + credentials.profile());
        }
    }
}
