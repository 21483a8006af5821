package dev.codexauth.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.codexauth.config.Settings;
import dev.codexauth.token.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A faithful fake of the OpenAI issuer, the Codex backend and GitHub on one loopback port
 * (SPEC §1-§10): stateful (codes, rotating refresh tokens, revocations, catalogs, releases),
 * strict about requests the way the real services are, with scripted {@link Fault faults} and a
 * {@link Journal} of every request.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().allowAnyLoopbackRedirectPort().start()) {
 *     Settings settings = sandbox.settings().build();
 *     Credentials creds = sandbox.mintCredentials();
 *     ...
 *     assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Binds 127.0.0.1 only. Starting takes well under a second; {@link #close()} stops every thread
 * the sandbox started. Thread-safe.
 */
public final class Sandbox implements AutoCloseable {

    /** The OAuth client the issuer knows by default (the Codex CLI's). */
    public static final String DEFAULT_CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";
    /** The tag of the GitHub release the sandbox starts with. */
    public static final String DEFAULT_RELEASE_TAG = "rust-v0.160.1";
    /** A 2025 release the sandbox also holds: only the prompt files, no catalog file. */
    public static final String LEGACY_RELEASE_TAG = "rust-v0.58.0";

    /** What {@code response.completed} carries in {@code output}. */
    public enum CompletedOutput {
        /** Every output item, as api.openai.com does. */
        FULL,
        /** {@code output: []}, as the Codex backend often does: clients must assemble the items. */
        EMPTY,
        /** FULL and EMPTY by turns, starting with FULL. */
        ALTERNATE
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final Config config;
    final Clock clock;
    final Journal journal = new Journal();
    final Faults faults = new Faults();
    final TokenAuthority tokens;
    final UsageMeter usage;
    final Releases releases;
    final DeviceLogins devices;
    /** Streams answered since start or reset: ALTERNATE output counts on it. */
    final AtomicLong streamsServed = new AtomicLong();
    /** The latch of holds armed over HTTP; {@code POST /__sandbox/release} counts it down. */
    final AtomicReference<CountDownLatch> httpHold = new AtomicReference<>(new CountDownLatch(1));
    private volatile Catalog catalog;
    private volatile boolean deviceLoginEnabled;
    private volatile String answer;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final URI url;
    private volatile boolean closed;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Sandbox(Config config) {
        this.config = config;
        this.clock = config.clock;
        this.catalog = new Catalog(config.catalog);
        this.deviceLoginEnabled = config.deviceLoginEnabled;
        this.answer = config.answer;
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "codex-sandbox-" + instance + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // grows with concurrent streams (held streams occupy a thread), shrinks when idle
        this.executor = new ThreadPoolExecutor(0, 256, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("the sandbox could not listen on 127.0.0.1:" + config.port
                    + " (" + e.getMessage() + "); choose another port or 0 for any free one", e);
        }
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.tokens = new TokenAuthority(clock, url.toString(), config.clientId, config.account,
                config.accessTokenTtl, config.refreshTokenTtl, config.authorizationCodeTtl);
        this.usage = new UsageMeter(clock.instant(), config.account.planType());
        this.releases = new Releases(config.releaseTag, config.catalog);
        this.devices = new DeviceLogins(clock, config.deviceCodeTtl);
        server.setExecutor(executor);
        server.createContext("/", new Router(this));
        server.start();
    }

    /** A builder with the defaults: ephemeral port, consent page, 1 h access tokens, redirect ports 1455 and 1457. */
    public static Builder builder() {
        return new Builder();
    }

    // --- where it is ---

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return url;
    }

    /** The issuer: {@code /oauth/*}, device-code endpoints, {@code /codex/device}, the JWKS. Equal to {@link #url()}. */
    public URI issuerUrl() {
        return url;
    }

    /** The Codex backend base: {@code url()/backend-api}. */
    public URI backendUrl() {
        return URI.create(url + "/backend-api");
    }

    /** The GitHub API: {@code url()/github-api}. */
    public URI githubApiUrl() {
        return URI.create(url + "/github-api");
    }

    /** raw.githubusercontent.com: {@code url()/github-raw}. */
    public URI githubRawUrl() {
        return URI.create(url + "/github-raw");
    }

    /** github.com: {@code url()/github}. */
    public URI githubWebUrl() {
        return URI.create(url + "/github");
    }

    /** The port it listens on. */
    public int port() {
        return url.getPort();
    }

    /** A {@link Settings} builder with the five endpoint URLs (and the sandbox's clock) set to this sandbox. */
    public Settings.Builder settings() {
        return Settings.builder()
                .issuer(issuerUrl())
                .baseUrl(backendUrl())
                .githubApiUrl(githubApiUrl())
                .githubRawUrl(githubRawUrl())
                .githubWebUrl(githubWebUrl())
                .clock(clock);
    }

    /**
     * The environment that points a client at this sandbox, in this order: {@code CODEX_AUTH_ISSUER},
     * {@code CODEX_AUTH_BASE_URL}, {@code CODEX_AUTH_GITHUB_API_URL}, {@code CODEX_AUTH_GITHUB_RAW_URL},
     * {@code CODEX_AUTH_GITHUB_WEB_URL}.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Settings.ISSUER, issuerUrl().toString());
        env.put(Settings.BASE_URL, backendUrl().toString());
        env.put(Settings.GITHUB_API_URL, githubApiUrl().toString());
        env.put(Settings.GITHUB_RAW_URL, githubRawUrl().toString());
        env.put(Settings.GITHUB_WEB_URL, githubWebUrl().toString());
        return env;
    }

    // --- accounts and tokens ---

    /** The account everyone signs in as. */
    public SandboxAccount account() {
        return config.account;
    }

    /** A fresh login for {@link #account()}, as if the user had just signed in (its own token family). */
    public Credentials mintCredentials() {
        TokenAuthority.Tokens t = tokens.login();
        return new Credentials(t.accessToken(), t.refreshToken(), t.idToken(), t.expiresAt(), config.account.accountId());
    }

    /** An authorization code as the consent page would issue it, bound to this redirect URI and PKCE challenge. */
    public String mintAuthorizationCode(String redirectUri, String codeChallenge) {
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        return tokens.issueCode(redirectUri, codeChallenge);
    }

    /** Same as {@link #mintAuthorizationCode(String, String)}. */
    public String mintAuthorizationCode(URI redirectUri, String codeChallenge) {
        return mintAuthorizationCode(redirectUri.toString(), codeChallenge);
    }

    /** Revokes every token of every login: the backend answers 401 and refreshes fail. */
    public void revokeAllTokens() {
        tokens.revokeAll();
    }

    /** The user opens the device page and approves this code (what {@code /codex/device} does). */
    public boolean approveDeviceCode(String userCode) {
        return devices.approve(userCode, url + "/deviceauth/callback", tokens);
    }

    /** Turns device-code login on or off for the account (off: the user-code endpoint answers 404). */
    public void setDeviceLoginEnabled(boolean enabled) {
        deviceLoginEnabled = enabled;
    }

    boolean deviceLoginEnabled() {
        return deviceLoginEnabled;
    }

    /** Changes the answer text streamed by {@code /codex/responses} (until {@link #reset()}). */
    public void setAnswer(String answer) {
        this.answer = Objects.requireNonNull(answer, "answer");
    }

    String answer() {
        return answer;
    }

    // --- catalogs and releases ---

    /** The backend's full catalog {@code {"models":[...]}}, unfiltered. */
    public byte[] catalogJson() {
        return catalog.raw();
    }

    /** Replaces the backend's catalog while running (its ETag and {@code X-Models-Etag} change). */
    public void setCatalog(byte[] json) {
        catalog = new Catalog(json);
    }

    Catalog catalog() {
        return catalog;
    }

    /** Publishes a new latest GitHub release whose catalog file is {@code catalogJson}. */
    public void publishRelease(String tag, byte[] catalogJson) {
        new Catalog(catalogJson);
        releases.publish(tag, catalogJson, Map.of());
    }

    /** Publishes a new latest 2025-style release: prompt files under {@code codex-rs/core/}, no catalog file. */
    public void publishLegacyRelease(String tag, Map<String, String> promptFiles) {
        releases.publish(tag, null, promptFiles);
    }

    // --- observation and faults ---

    /** Every request received since start or the last reset. */
    public Journal journal() {
        return journal;
    }

    /** The faults armed per endpoint. */
    public Faults faults() {
        return faults;
    }

    /**
     * Back to the start: journal cleared, faults disarmed, revocations forgotten, device logins
     * dropped, catalog, releases and answer restored, usage limit and GitHub rate limit reset.
     * Tokens minted before stay valid.
     */
    public void reset() {
        journal.clear();
        faults.clear();
        tokens.clearRevocations();
        usage.clear();
        devices.clear();
        releases.reset();
        catalog = new Catalog(config.catalog);
        deviceLoginEnabled = config.deviceLoginEnabled;
        answer = config.answer;
        streamsServed.set(0);
        releaseHolds();
    }

    /** Lets every stream held by a hold armed over HTTP go on. */
    void releaseHolds() {
        httpHold.getAndSet(new CountDownLatch(1)).countDown();
    }

    /** Stops listening and ends every thread the sandbox started (streams in progress are cut). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            releaseHolds();
            server.stop(0);
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Blocks until {@link #close()} is called (e.g. from a shutdown hook): how a command line runs
     * the sandbox in the foreground.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Sandbox[" + url + "]";
    }

    /** The settings a sandbox was built with. */
    static final class Config {
        int port;
        boolean autoApprove;
        Duration accessTokenTtl = Duration.ofHours(1);
        Duration refreshTokenTtl = Duration.ofDays(30);
        Duration authorizationCodeTtl = Duration.ofMinutes(1);
        Duration deviceCodeTtl = Duration.ofMinutes(15);
        Duration deviceInterval = Duration.ofSeconds(5);
        boolean deviceLoginEnabled = true;
        Set<Integer> redirectPorts = new LinkedHashSet<>(List.of(1455, 1457));
        boolean anyLoopbackRedirectPort;
        String answer = "Hello from the Codex sandbox.";
        String clientId = DEFAULT_CLIENT_ID;
        SandboxAccount account = SandboxAccount.DEFAULT;
        Clock clock = Clock.systemUTC();
        int deltaSize;
        Duration eventDelay = Duration.ZERO;
        int writeChunkBytes;
        boolean keepalives;
        CompletedOutput completedOutput = CompletedOutput.ALTERNATE;
        byte[] catalog = Catalog.defaultJson();
        String releaseTag = DEFAULT_RELEASE_TAG;
        int githubHourlyLimit = 60;
        Set<String> firstPartyOriginators = new LinkedHashSet<>(
                List.of("codex_cli_rs", "codex_vscode", "codex_exec", "codex_sdk_ts", "codex_chatgpt_desktop"));

        /** A copy, so a builder may go on changing after it started a sandbox. */
        Config copy() {
            Config k = new Config();
            k.port = port; k.autoApprove = autoApprove; k.accessTokenTtl = accessTokenTtl;
            k.refreshTokenTtl = refreshTokenTtl; k.authorizationCodeTtl = authorizationCodeTtl;
            k.deviceCodeTtl = deviceCodeTtl; k.deviceInterval = deviceInterval; k.deviceLoginEnabled = deviceLoginEnabled;
            k.redirectPorts = new LinkedHashSet<>(redirectPorts); k.anyLoopbackRedirectPort = anyLoopbackRedirectPort;
            k.answer = answer; k.clientId = clientId; k.account = account; k.clock = clock; k.deltaSize = deltaSize;
            k.eventDelay = eventDelay; k.writeChunkBytes = writeChunkBytes; k.keepalives = keepalives; k.completedOutput = completedOutput;
            k.catalog = catalog.clone(); k.releaseTag = releaseTag; k.githubHourlyLimit = githubHourlyLimit;
            k.firstPartyOriginators = new LinkedHashSet<>(firstPartyOriginators);
            return k;
        }
    }

    /** Configures and starts a sandbox. Not thread-safe. */
    public static final class Builder {
        private final Config c = new Config();

        private Builder() {
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            c.port = port;
            return this;
        }

        /** true: {@code /oauth/authorize} redirects at once instead of showing the consent page. */
        public Builder autoApprove(boolean autoApprove) {
            c.autoApprove = autoApprove;
            return this;
        }

        /** Lifetime of access and id tokens (default 1 hour; down to 1 second). */
        public Builder accessTokenTtl(Duration ttl) {
            c.accessTokenTtl = positive(ttl, "accessTokenTtl");
            return this;
        }

        /** Lifetime of refresh tokens (default 30 days). */
        public Builder refreshTokenTtl(Duration ttl) {
            c.refreshTokenTtl = positive(ttl, "refreshTokenTtl");
            return this;
        }

        /** Lifetime of authorization codes (default 1 minute). */
        public Builder authorizationCodeTtl(Duration ttl) {
            c.authorizationCodeTtl = positive(ttl, "authorizationCodeTtl");
            return this;
        }

        /** Lifetime of device codes (default 15 minutes). */
        public Builder deviceCodeTtl(Duration ttl) {
            c.deviceCodeTtl = positive(ttl, "deviceCodeTtl");
            return this;
        }

        /** The polling interval the user-code endpoint announces (default 5 s; whole seconds, 0 allowed). */
        public Builder deviceInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("deviceInterval must not be negative");
            }
            c.deviceInterval = interval;
            return this;
        }

        /** Whether the account allows device-code login (default true; false: 404 like a disabled account). */
        public Builder deviceLoginEnabled(boolean enabled) {
            c.deviceLoginEnabled = enabled;
            return this;
        }

        /** The localhost ports whose {@code /auth/callback} the issuer accepts as redirect URI (default 1455, 1457). */
        public Builder allowedRedirectPorts(int... ports) {
            c.redirectPorts = new LinkedHashSet<>();
            for (int p : ports) {
                c.redirectPorts.add(p);
            }
            return this;
        }

        /** Accept a redirect URI on any port of a loopback host, any path (tests with ephemeral ports). */
        public Builder allowAnyLoopbackRedirectPort() {
            c.anyLoopbackRedirectPort = true;
            return this;
        }

        /** The answer text streamed by {@code /codex/responses}. */
        public Builder answer(String answer) {
            c.answer = Objects.requireNonNull(answer, "answer");
            return this;
        }

        /** The OAuth client id the issuer accepts (default the Codex CLI's). */
        public Builder clientId(String clientId) {
            c.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** The account everyone signs in as. */
        public Builder account(SandboxAccount account) {
            c.account = Objects.requireNonNull(account, "account");
            return this;
        }

        /** The clock for every expiry (tokens, codes, device codes, usage windows, GitHub rate limit). */
        public Builder clock(Clock clock) {
            c.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Characters per text delta; 0 (the default) sends one delta per word. */
        public Builder deltaSize(int characters) {
            if (characters < 0) {
                throw new IllegalArgumentException("deltaSize must not be negative");
            }
            c.deltaSize = characters;
            return this;
        }

        /** A pause between stream events (default none). */
        public Builder eventDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("eventDelay must not be negative");
            }
            c.eventDelay = delay;
            return this;
        }

        /**
         * Flush the stream every this many bytes, splitting events (and UTF-8 characters) across
         * network writes; 0 (the default) flushes once per event.
         */
        public Builder writeChunkBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("writeChunkBytes must not be negative");
            }
            c.writeChunkBytes = bytes;
            return this;
        }

        /**
         * true: the stream also carries what proxies and the backend add during long reasoning, an
         * SSE comment {@code : keepalive} and a {@code keepalive} event, before the output (default false).
         */
        public Builder keepalives(boolean keepalives) {
            c.keepalives = keepalives;
            return this;
        }

        /** What {@code response.completed} carries in {@code output} (default ALTERNATE). */
        public Builder completedOutput(CompletedOutput mode) {
            c.completedOutput = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The backend's catalog {@code {"models":[...]}} (default: the sandbox's own models); also the first release's file. */
        public Builder catalog(byte[] json) {
            new Catalog(json);
            c.catalog = json.clone();
            return this;
        }

        /** The tag of the latest GitHub release at start (default {@link #DEFAULT_RELEASE_TAG}). */
        public Builder releaseTag(String tag) {
            c.releaseTag = Objects.requireNonNull(tag, "tag");
            return this;
        }

        /** Unconditional GitHub API requests allowed per hour before 403 (default 60, GitHub's anonymous limit). */
        public Builder githubHourlyLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("githubHourlyLimit must not be negative");
            }
            c.githubHourlyLimit = limit;
            return this;
        }

        /** The originators the backend treats as first-party (default the Codex clients', e.g. {@code codex_cli_rs}). */
        public Builder firstPartyOriginators(String... originators) {
            c.firstPartyOriginators = new LinkedHashSet<>(List.of(originators));
            return this;
        }

        /** Starts the sandbox. */
        public Sandbox start() {
            return new Sandbox(c.copy());
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
