package dev.codexauth.http.catalog;

import dev.codexauth.codex.ClientIdentity;
import dev.codexauth.codex.CodexHeaders;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.CatalogFetcher;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's model catalog from the Codex backend (SPEC §6 source 1):
 * {@code GET {base}/codex/models?client_version=<version>} with the headers of SPEC §7. Given the
 * copy fetched before, it asks with {@code If-None-Match} and a 304 returns that copy. A 401 is
 * answered once through {@link CredentialsProvider#afterUnauthorized}.
 *
 * <p>Each account and version's catalog is kept on disk under {@link Settings#cacheDir()} as
 * {@code models-cache-<hash of account and version>.json} ({@code {"etag","fetchedAt","clientVersion",
 * "catalog"}}, owner-only, replaced atomically), so a new process starts from it and a backend
 * outage still has a stale copy.
 *
 * <p>Only a fetcher, deliberately not an {@link dev.codexauth.instructions.InstructionSource}: every
 * call is a request, so it is used only behind a {@link dev.codexauth.instructions.CachedInstructionSource}
 * (TTL {@link Settings#catalogTtl()}), as {@link InstructionSources#backend} and
 * {@link InstructionSources#standard} build it. Thread-safe.
 */
final class BackendCatalogSource implements CatalogFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(BackendCatalogSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final ClientIdentity identity;
    private final HttpTransport transport;
    private final CredentialsProvider credentials;
    private final Clock clock;
    private final CacheFiles files;

    private BackendCatalogSource(Settings settings, HttpTransport transport, CredentialsProvider credentials) {
        this.base = settings.baseUrl();
        this.identity = ClientIdentity.of(settings);
        this.transport = Objects.requireNonNull(transport, "transport");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = settings.clock();
        this.files = new CacheFiles(settings.cacheDir());
    }

    /** The backend of {@code settings}, asked with the signed-in account's tokens. */
    static BackendCatalogSource create(Settings settings, HttpTransport transport, CredentialsProvider credentials) {
        return new BackendCatalogSource(settings, transport, credentials);
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
            keep(key, version, previous);
            return previous;
        }
        if (reply.status() == 200) {
            ModelCatalog fresh;
            try {
                fresh = ModelCatalog.parse(reply.body(), "backend", reply.header("ETag"), clock.instant());
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("The backend's model catalog is not usable: " + e.getMessage() + ".",
                        Recovery.RETRY, null);
            }
            keep(key, version, fresh);
            return fresh;
        }
        throw failure(reply);
    }

    @Override
    public Optional<Stored> restore(CatalogKey key) {
        String version = key.clientVersion() != null ? key.clientVersion() : identity.version();
        return files.read(fileName(key.accountId(), version)).flatMap(bytes -> {
            try {
                JsonNode root = JSON.readTree(bytes);
                Instant checked = Instant.ofEpochMilli(root.path("fetchedAt").asLong());
                String etag = root.path("etag").isTextual() ? root.path("etag").asText() : null;
                ModelCatalog c = ModelCatalog.parse(JSON.writeValueAsBytes(root.path("catalog")), "backend", etag, checked);
                return Optional.of(new Stored(c, checked));
            } catch (IOException | IllegalArgumentException unreadable) {
                LOG.warn("Ignoring an unreadable model catalog cache in {}", files.dir());
                return Optional.empty();
            }
        });
    }

    /** Writes the account's catalog to disk, confirmed now; a failure to write costs only the disk copy. */
    private void keep(CatalogKey key, String version, ModelCatalog catalog) {
        ObjectNode root = JSON.createObjectNode();
        root.put("etag", catalog.etag());
        root.put("fetchedAt", clock.instant().toEpochMilli());
        root.put("clientVersion", version);
        ObjectNode body = JSON.createObjectNode();
        var models = body.putArray("models");
        catalog.models().forEach(m -> models.add(m.raw()));
        root.set("catalog", body);
        try {
            files.write(fileName(key.accountId(), version), JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            LOG.warn("Could not keep the model catalog in {} ({})", files.dir(), e.getClass().getSimpleName());
        }
    }

    /** One file per account and version; the name hides the account id behind a hash. */
    static String fileName(String accountId, String version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((accountId + "\n" + version).getBytes(StandardCharsets.UTF_8));
            return "models-cache-" + HexFormat.of().formatHex(digest, 0, 8) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private HttpGet request(String version, Credentials creds, ModelCatalog previous) {
        HttpGet get = new HttpGet(URI.create(base + "/codex/models?client_version="
                + URLEncoder.encode(version, StandardCharsets.UTF_8)));
        CodexHeaders.forAccount(creds, identity).forEach(get::setHeader);
        get.setHeader("Accept", "application/json");
        if (previous != null && previous.etag() != null) {
            get.setHeader("If-None-Match", previous.etag());
        }
        return get;
    }

    private static RuntimeException failure(HttpTransport.Reply reply) {
        int status = reply.status();
        String what = "The backend answered " + status + " to the model catalog request";
        if (status == 401) {
            return new SignInRequiredException(what + " even after a token refresh. Sign in again.");
        }
        if (status == 403) {
            // the sign-in is valid (a bad token is a 401); the account or its workspace may not list models
            String id = reply.header("x-request-id") != null ? reply.header("x-request-id") : reply.header("cf-ray");
            return new RequestRejectedException(what + ": this account may not read its model catalog"
                    + (id == null ? "" : " (request id " + id + ")") + ". Check that Codex is enabled for the account "
                    + "or its workspace; the GitHub or bundled catalog is used meanwhile.", status, null, id);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new TransientException(what + ". Try again later.", reply.retryAfter(), null);
        }
        return new ProtocolException(what + ". Check " + Settings.BASE_URL + " and the client version.",
                Recovery.FIX_CONFIGURATION, null);
    }

    @Override
    public boolean followsModelsEtag() {
        return true;
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
