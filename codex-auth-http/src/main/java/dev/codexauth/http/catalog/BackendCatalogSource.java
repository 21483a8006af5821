package dev.codexauth.http.catalog;

import dev.codexauth.codex.ClientIdentity;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.CatalogFetcher;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpGet;

/**
 * The account's model catalog from the Codex backend (SPEC §6 source 1):
 * {@code GET {base}/codex/models?client_version=<version>} with the headers of SPEC §7. Given the
 * copy fetched before, it asks with {@code If-None-Match} and a 304 returns that copy. A 401 is
 * answered once through {@link CredentialsProvider#afterUnauthorized}.
 *
 * <p>Uncached on its own: wrap it in a {@link dev.codexauth.instructions.CachedInstructionSource}
 * (TTL {@link Settings#catalogTtl()}), as {@link InstructionSources#standard} does. Thread-safe.
 */
public final class BackendCatalogSource implements CatalogFetcher, InstructionSource {

    private final URI base;
    private final ClientIdentity identity;
    private final HttpTransport transport;
    private final CredentialsProvider credentials;
    private final Clock clock;

    private BackendCatalogSource(Settings settings, HttpTransport transport, CredentialsProvider credentials) {
        this.base = settings.baseUrl();
        this.identity = ClientIdentity.of(settings);
        this.transport = Objects.requireNonNull(transport, "transport");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = settings.clock();
    }

    /** The backend of {@code settings}, asked with the signed-in account's tokens. */
    public static BackendCatalogSource create(Settings settings, HttpTransport transport, CredentialsProvider credentials) {
        return new BackendCatalogSource(settings, transport, credentials);
    }

    @Override
    public ModelCatalog catalog(CatalogKey key) {
        return fetch(key, null);
    }

    @Override
    public ModelCatalog fetch(CatalogKey key, ModelCatalog previous) {
        String version = key.clientVersion() != null ? key.clientVersion() : identity.version();
        Credentials creds = credentials.credentials();
        HttpTransport.Reply reply = transport.send(request(version, creds, previous));
        if (reply.status() == 401) {
            creds = credentials.afterUnauthorized(creds);
            reply = transport.send(request(version, creds, previous));
        }
        if (reply.status() == 304 && previous != null) {
            return previous;
        }
        if (reply.status() == 200) {
            try {
                return ModelCatalog.parse(reply.body(), "backend", reply.header("ETag"), clock.instant());
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("The backend's model catalog is not usable: " + e.getMessage() + ".",
                        Recovery.RETRY, null);
            }
        }
        throw failure(reply);
    }

    private HttpGet request(String version, Credentials creds, ModelCatalog previous) {
        HttpGet get = new HttpGet(URI.create(base + "/codex/models?client_version="
                + URLEncoder.encode(version, StandardCharsets.UTF_8)));
        get.setHeader("Authorization", "Bearer " + creds.accessToken());
        if (creds.accountId() != null) {
            get.setHeader("ChatGPT-Account-ID", creds.accountId());
        }
        get.setHeader("originator", identity.originator());
        get.setHeader("version", identity.version());
        get.setHeader("User-Agent", identity.userAgent());
        get.setHeader("Accept", "application/json");
        if (previous != null && previous.etag() != null) {
            get.setHeader("If-None-Match", previous.etag());
        }
        return get;
    }

    private static RuntimeException failure(HttpTransport.Reply reply) {
        int status = reply.status();
        String what = "The backend answered " + status + " to the model catalog request";
        if (status == 401 || status == 403) {
            return new SignInRequiredException(what + " even after a token refresh. Sign in again.");
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new TransientException(what + ". Try again later.", RetryAfter.parse(reply.header("Retry-After")), null);
        }
        return new ProtocolException(what + ". Check " + Settings.BASE_URL + " and the client version.",
                Recovery.FIX_CONFIGURATION, null);
    }

    @Override
    public String name() {
        return "backend";
    }

    @Override
    public String toString() {
        return "BackendCatalogSource[" + base + "]";
    }
}
