package dev.codexauth.config;

import dev.codexauth.error.ConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every setting of the library, immutable. Each value comes from, in order: the {@link Builder},
 * a system property, an environment variable, the default. The environment variable names are the
 * constants below; the system property is the same name in lower case with dots
 * ({@code CODEX_AUTH_HOME} → {@code codex.auth.home}).
 *
 * <p>Every endpoint must be {@code https}, except a plain-http URL whose host is a loopback address
 * (tests and the sandbox): anything else is refused at {@link Builder#build()}.
 *
 * <p>Thread-safe (immutable).
 */
public final class Settings {

    public static final String HOME = "CODEX_AUTH_HOME";
    public static final String PROFILE = "CODEX_AUTH_PROFILE";
    public static final String STORE = "CODEX_AUTH_STORE";
    public static final String ISSUER = "CODEX_AUTH_ISSUER";
    public static final String BASE_URL = "CODEX_AUTH_BASE_URL";
    public static final String GITHUB_API_URL = "CODEX_AUTH_GITHUB_API_URL";
    public static final String GITHUB_RAW_URL = "CODEX_AUTH_GITHUB_RAW_URL";
    public static final String GITHUB_WEB_URL = "CODEX_AUTH_GITHUB_WEB_URL";
    public static final String CLIENT_ID = "CODEX_AUTH_CLIENT_ID";
    public static final String ORIGINATOR = "CODEX_AUTH_ORIGINATOR";
    public static final String CLIENT_VERSION = "CODEX_AUTH_CLIENT_VERSION";
    public static final String SEND_SYSTEM_INFO = "CODEX_AUTH_SEND_SYSTEM_INFO";
    public static final String REQUEST_LOGGING = "ENABLE_PLUGIN_REQUEST_LOGGING";
    public static final String DEBUG = "DEBUG_CODEX_PLUGIN";
    public static final String REFRESH_MARGIN = "CODEX_AUTH_REFRESH_MARGIN";
    public static final String LOCK_TIMEOUT = "CODEX_AUTH_LOCK_TIMEOUT";
    public static final String CATALOG_TTL = "CODEX_AUTH_CATALOG_TTL";
    public static final String INSTRUCTIONS_TTL = "CODEX_AUTH_INSTRUCTIONS_TTL";
    public static final String CATALOG_FILE = "CODEX_AUTH_CATALOG_FILE";
    public static final String INSTRUCTIONS_FILE = "CODEX_AUTH_INSTRUCTIONS_FILE";
    public static final String MODEL_ALIASES_FILE = "CODEX_AUTH_MODEL_ALIASES_FILE";
    public static final String PERSONALITY = "CODEX_AUTH_PERSONALITY";
    public static final String CONNECT_TIMEOUT = "CODEX_AUTH_CONNECT_TIMEOUT";
    public static final String FIRST_BYTE_TIMEOUT = "CODEX_AUTH_FIRST_BYTE_TIMEOUT";
    public static final String IDLE_TIMEOUT = "CODEX_AUTH_IDLE_TIMEOUT";
    public static final String LOGIN_TIMEOUT = "CODEX_AUTH_LOGIN_TIMEOUT";
    public static final String CALLBACK_PORT = "CODEX_AUTH_CALLBACK_PORT";
    public static final String CALLBACK_FALLBACK_PORT = "CODEX_AUTH_CALLBACK_FALLBACK_PORT";
    public static final String WORKSPACE_IDS = "CODEX_AUTH_ALLOWED_WORKSPACE_IDS";
    public static final String REASONING_EFFORT = "CODEX_AUTH_REASONING_EFFORT";
    public static final String REASONING_SUMMARY = "CODEX_AUTH_REASONING_SUMMARY";
    public static final String TEXT_VERBOSITY = "CODEX_AUTH_TEXT_VERBOSITY";
    /** The OS keychain service name the keychain store files entries under (unset: the store's own default). */
    public static final String KEYCHAIN_SERVICE = "CODEX_AUTH_KEYCHAIN_SERVICE";

    /** The public OAuth client of the Codex CLI, which the issuer knows. */
    public static final String DEFAULT_CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";
    /** A first-party originator: the backend gates newer models on it. */
    public static final String DEFAULT_ORIGINATOR = "codex_cli_rs";
    /** The Codex CLI version this library speaks for; raise it when the backend asks for a newer one. */
    public static final String DEFAULT_CLIENT_VERSION = "0.160.1";

    private final Path home;
    private final String profile;
    private final String store;
    private final URI issuer;
    private final URI baseUrl;
    private final URI githubApiUrl;
    private final URI githubRawUrl;
    private final URI githubWebUrl;
    private final String clientId;
    private final String originator;
    private final String clientVersion;
    private final boolean sendSystemInfo;
    private final boolean requestLogging;
    private final boolean debug;
    private final Duration refreshMargin;
    private final Duration lockTimeout;
    private final Duration catalogTtl;
    private final Duration instructionsTtl;
    private final Path catalogFile;
    private final Path instructionsFile;
    private final Path modelAliasesFile;
    private final String personality;
    private final Duration connectTimeout;
    private final Duration firstByteTimeout;
    private final Duration idleTimeout;
    private final Duration loginTimeout;
    private final int callbackPort;
    private final int callbackFallbackPort;
    private final List<String> allowedWorkspaceIds;
    private final ModelOptions modelOptions;
    private final Map<String, ModelOptions> perModelOptions;
    private final Clock clock;
    private final String keychainService;

    private Settings(Builder b) {
        Layers l = b.layers;
        home = b.home != null ? b.home : l.get(HOME, Path::of, Path.of(System.getProperty("user.home"), ".opencode"));
        profile = b.profile != null ? b.profile : l.get(PROFILE, Function.identity(), "default");
        store = (b.store != null ? b.store : l.get(STORE, Function.identity(), "file")).toLowerCase(Locale.ROOT);
        issuer = endpoint(ISSUER, b.issuer, l, "https://auth.openai.com");
        baseUrl = endpoint(BASE_URL, b.baseUrl, l, "https://chatgpt.com/backend-api");
        githubApiUrl = endpoint(GITHUB_API_URL, b.githubApiUrl, l, "https://api.github.com");
        githubRawUrl = endpoint(GITHUB_RAW_URL, b.githubRawUrl, l, "https://raw.githubusercontent.com");
        githubWebUrl = endpoint(GITHUB_WEB_URL, b.githubWebUrl, l, "https://github.com");
        clientId = b.clientId != null ? b.clientId : l.get(CLIENT_ID, Function.identity(), DEFAULT_CLIENT_ID);
        originator = b.originator != null ? b.originator : l.get(ORIGINATOR, Function.identity(), DEFAULT_ORIGINATOR);
        clientVersion = b.clientVersion != null ? b.clientVersion
                : l.get(CLIENT_VERSION, Function.identity(), DEFAULT_CLIENT_VERSION);
        sendSystemInfo = b.sendSystemInfo != null ? b.sendSystemInfo : l.get(SEND_SYSTEM_INFO, Settings::flag, false);
        requestLogging = b.requestLogging != null ? b.requestLogging : l.get(REQUEST_LOGGING, Settings::flag, false);
        debug = b.debug != null ? b.debug : l.get(DEBUG, Settings::flag, false);
        refreshMargin = duration(REFRESH_MARGIN, b.refreshMargin, l, Duration.ofMinutes(5));
        lockTimeout = duration(LOCK_TIMEOUT, b.lockTimeout, l, Duration.ofSeconds(30));
        catalogTtl = duration(CATALOG_TTL, b.catalogTtl, l, Duration.ofMinutes(5));
        instructionsTtl = duration(INSTRUCTIONS_TTL, b.instructionsTtl, l, Duration.ofMinutes(15));
        catalogFile = b.catalogFile != null ? b.catalogFile : l.get(CATALOG_FILE, Path::of, null);
        instructionsFile = b.instructionsFile != null ? b.instructionsFile : l.get(INSTRUCTIONS_FILE, Path::of, null);
        modelAliasesFile = b.modelAliasesFile != null ? b.modelAliasesFile : l.get(MODEL_ALIASES_FILE, Path::of, null);
        personality = b.personality != null ? b.personality : l.get(PERSONALITY, Function.identity(), "default");
        connectTimeout = duration(CONNECT_TIMEOUT, b.connectTimeout, l, Duration.ofSeconds(10));
        firstByteTimeout = duration(FIRST_BYTE_TIMEOUT, b.firstByteTimeout, l, Duration.ofSeconds(120));
        idleTimeout = duration(IDLE_TIMEOUT, b.idleTimeout, l, Duration.ofSeconds(300));
        loginTimeout = duration(LOGIN_TIMEOUT, b.loginTimeout, l, Duration.ofMinutes(5));
        callbackPort = b.callbackPort != null ? b.callbackPort : l.get(CALLBACK_PORT, s -> number(CALLBACK_PORT, s), 1455);
        callbackFallbackPort = b.callbackFallbackPort != null ? b.callbackFallbackPort
                : l.get(CALLBACK_FALLBACK_PORT, s -> number(CALLBACK_FALLBACK_PORT, s), 1457);
        allowedWorkspaceIds = b.allowedWorkspaceIds != null ? b.allowedWorkspaceIds
                : l.get(WORKSPACE_IDS, Settings::list, List.of());
        ModelOptions fromLayers = new ModelOptions(
                l.get(REASONING_EFFORT, Function.identity(), null),
                l.get(REASONING_SUMMARY, Function.identity(), null),
                l.get(TEXT_VERBOSITY, Function.identity(), null),
                null);
        modelOptions = (b.modelOptions != null ? b.modelOptions : ModelOptions.NONE).orElse(fromLayers);
        perModelOptions = Map.copyOf(b.perModelOptions);
        clock = b.clock != null ? b.clock : Clock.systemUTC();
        keychainService = b.keychainService != null ? b.keychainService
                : l.get(KEYCHAIN_SERVICE, Function.identity(), null);
        if (callbackPort < 0 || callbackPort > 65535) {
            throw new ConfigurationException(CALLBACK_PORT + " must be a port number (0-65535), not " + callbackPort + ".");
        }
        if (callbackFallbackPort < 0 || callbackFallbackPort > 65535) {
            throw new ConfigurationException(CALLBACK_FALLBACK_PORT + " must be a port number (0-65535), not "
                    + callbackFallbackPort + ".");
        }
    }

    /** The settings of this process: system properties, then environment variables, then defaults. */
    public static Settings defaults() {
        return builder().build();
    }

    /** A builder whose unset values come from this process's system properties and environment. */
    public static Builder builder() {
        return new Builder(new Layers(System.getProperties(), System.getenv()));
    }

    /** A builder over the given system properties and environment (for tests and embedding). */
    public static Builder builder(Properties systemProperties, Map<String, String> environment) {
        return new Builder(new Layers(systemProperties, environment));
    }

    /** A builder that starts from these settings: every value is set, so nothing is read again. */
    public Builder toBuilder() {
        Builder b = new Builder(new Layers(new Properties(), Map.of()));
        b.home = home; b.profile = profile; b.store = store; b.issuer = issuer; b.baseUrl = baseUrl;
        b.githubApiUrl = githubApiUrl; b.githubRawUrl = githubRawUrl; b.githubWebUrl = githubWebUrl;
        b.clientId = clientId; b.originator = originator; b.clientVersion = clientVersion;
        b.sendSystemInfo = sendSystemInfo; b.requestLogging = requestLogging; b.debug = debug;
        b.refreshMargin = refreshMargin; b.lockTimeout = lockTimeout; b.catalogTtl = catalogTtl;
        b.instructionsTtl = instructionsTtl; b.catalogFile = catalogFile; b.instructionsFile = instructionsFile;
        b.modelAliasesFile = modelAliasesFile;
        b.personality = personality; b.connectTimeout = connectTimeout; b.firstByteTimeout = firstByteTimeout;
        b.idleTimeout = idleTimeout; b.loginTimeout = loginTimeout; b.callbackPort = callbackPort;
        b.callbackFallbackPort = callbackFallbackPort;
        b.allowedWorkspaceIds = allowedWorkspaceIds; b.modelOptions = modelOptions;
        b.perModelOptions.putAll(perModelOptions); b.clock = clock;
        b.keychainService = keychainService;
        return b;
    }

    /** The data directory (default {@code ~/.opencode}): {@code auth/}, {@code cache/}, {@code logs/} live here. */
    public Path home() { return home; }
    /** {@code home()/auth}: where the file store keeps tokens. */
    public Path authDir() { return home.resolve("auth"); }
    /** {@code home()/cache}: the instruction and catalog caches. */
    public Path cacheDir() { return home.resolve("cache"); }
    /** {@code home()/logs/codex-plugin}: request logs, written only when request logging is on. */
    public Path logDir() { return home.resolve("logs").resolve("codex-plugin"); }
    /** The login profile (account) to use; {@code default} unless several accounts are kept. */
    public String profile() { return profile; }
    /** The token store by name: {@code file}, {@code keychain}, {@code auto}, {@code memory}, or a provider's own. */
    public String store() { return store; }
    public URI issuer() { return issuer; }
    /** The Codex backend base, e.g. {@code https://chatgpt.com/backend-api}. */
    public URI baseUrl() { return baseUrl; }
    public URI githubApiUrl() { return githubApiUrl; }
    public URI githubRawUrl() { return githubRawUrl; }
    public URI githubWebUrl() { return githubWebUrl; }
    public String clientId() { return clientId; }
    public String originator() { return originator; }
    public String clientVersion() { return clientVersion; }
    /** Whether the User-Agent may carry OS, architecture and terminal (a privacy trade-off; off by default). */
    public boolean sendSystemInfo() { return sendSystemInfo; }
    /** {@code ENABLE_PLUGIN_REQUEST_LOGGING=1}: write redacted request logs under {@link #logDir()}. */
    public boolean requestLogging() { return requestLogging; }
    /** {@code DEBUG_CODEX_PLUGIN=1}: print redacted debug lines to the console. */
    public boolean debug() { return debug; }
    /** How long before expiry a token counts as stale and is refreshed in the background. */
    public Duration refreshMargin() { return refreshMargin; }
    /** How long to wait for another process's refresh lock before failing. */
    public Duration lockTimeout() { return lockTimeout; }
    /** How long the account's model catalog is served from memory. */
    public Duration catalogTtl() { return catalogTtl; }
    /** How long GitHub instructions are served from cache before a conditional request. */
    public Duration instructionsTtl() { return instructionsTtl; }
    /** A user-supplied catalog file that wins over every other source, or null. */
    public Path catalogFile() { return catalogFile; }
    /** A user-supplied instructions file that wins over every other source, or null. */
    public Path instructionsFile() { return instructionsFile; }
    /** A user's model alias table (JSON, same shape as the bundled one) checked before the bundled table, or null. */
    public Path modelAliasesFile() { return modelAliasesFile; }
    /** The personality variable used in instruction templates ({@code default}, {@code friendly}, {@code pragmatic}). */
    public String personality() { return personality; }
    public Duration connectTimeout() { return connectTimeout; }
    /** How long to wait for the first byte of a response. */
    public Duration firstByteTimeout() { return firstByteTimeout; }
    /** How long a stream may stay silent between events. */
    public Duration idleTimeout() { return idleTimeout; }
    /** How long a browser sign-in waits for the callback. */
    public Duration loginTimeout() { return loginTimeout; }
    /** The loopback callback port (1455; the issuer also allows 1457); 0 for an ephemeral port (tests). */
    public int callbackPort() { return callbackPort; }
    /**
     * The callback port tried when {@link #callbackPort()} is taken (1457, the only other port the issuer
     * allows); not used when it equals the callback port, or when the callback port is 0.
     */
    public int callbackFallbackPort() { return callbackFallbackPort; }
    /** Workspaces the user restricts sign-in to ({@code allowed_workspace_id}); empty for none. */
    public List<String> allowedWorkspaceIds() { return allowedWorkspaceIds; }
    /** Global request options (below the request and per-model options). */
    public ModelOptions modelOptions() { return modelOptions; }
    /** Per-model request options by slug (below the request, above the global options). */
    public Map<String, ModelOptions> perModelOptions() { return perModelOptions; }
    /** Options for one model: per-model first, then global. */
    public ModelOptions optionsFor(String slug) {
        return perModelOptions.getOrDefault(slug, ModelOptions.NONE).orElse(modelOptions);
    }
    /** The clock every expiry and TTL decision reads. */
    public Clock clock() { return clock; }
    /** The OS keychain service for the keychain store, or null for that store's default. */
    public String keychainService() { return keychainService; }

    /** A duration as error messages show it: {@code 3 s} when it is whole seconds, else {@code 1500 ms}. */
    public static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    @Override
    public String toString() {
        return "Settings[home=" + home + ", profile=" + profile + ", store=" + store + ", issuer=" + issuer
                + ", baseUrl=" + baseUrl + ", githubApiUrl=" + githubApiUrl + ", githubRawUrl=" + githubRawUrl
                + ", originator=" + originator + ", clientVersion=" + clientVersion + "]";
    }

    // --- parsing ---

    private static URI endpoint(String name, URI explicit, Layers layers, String fallback) {
        URI uri = explicit != null ? explicit : layers.get(name, s -> parseUri(name, s), URI.create(fallback));
        requireSecure(name, uri);
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    private static URI parseUri(String name, String raw) {
        try {
            return new URI(raw.trim());
        } catch (java.net.URISyntaxException e) {
            throw new ConfigurationException(name + " is not a valid URL: " + raw);
        }
    }

    /** https everywhere; plain http only to this machine's loopback (tests, the sandbox). */
    static void requireSecure(String name, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException(name + " must be an absolute https URL, not '" + uri + "'.");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigurationException(name + " must use https: plain http is allowed only to a loopback "
                    + "address (localhost, 127.0.0.1, ::1), not '" + uri.getHost() + "'.");
        }
    }

    /** Loopback by name or literal, decided without a DNS lookup. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private static Duration duration(String name, Duration explicit, Layers layers, Duration fallback) {
        Duration d = explicit != null ? explicit : layers.get(name, s -> parseDuration(name, s), fallback);
        if (d.isNegative()) {
            throw new ConfigurationException(name + " must not be negative.");
        }
        return d;
    }

    /** Seconds as a number ({@code 300}) or ISO-8601 ({@code PT5M}). */
    private static Duration parseDuration(String name, String raw) {
        String s = raw.trim();
        try {
            return s.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(s)) : Duration.parse(s);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ConfigurationException(name + " must be a number of seconds or an ISO-8601 duration such as PT5M, not '" + raw + "'.");
        }
    }

    private static int number(String name, String raw) {
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number, not '" + raw + "'.");
        }
    }

    private static boolean flag(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        return s.equals("1") || s.equals("true") || s.equals("yes") || s.equals("on");
    }

    private static List<String> list(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** System properties over environment variables; blank values count as unset. */
    private record Layers(Properties properties, Map<String, String> environment) {
        <T> T get(String name, Function<String, T> parse, T fallback) {
            String raw = properties.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            if (raw == null || raw.isBlank()) {
                raw = environment.get(name);
            }
            return raw == null || raw.isBlank() ? fallback : parse.apply(raw);
        }
    }

    /** Explicit values; everything left unset is resolved from the layers at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final Layers layers;
        private Path home;
        private String profile;
        private String store;
        private URI issuer;
        private URI baseUrl;
        private URI githubApiUrl;
        private URI githubRawUrl;
        private URI githubWebUrl;
        private String clientId;
        private String originator;
        private String clientVersion;
        private Boolean sendSystemInfo;
        private Boolean requestLogging;
        private Boolean debug;
        private Duration refreshMargin;
        private Duration lockTimeout;
        private Duration catalogTtl;
        private Duration instructionsTtl;
        private Path catalogFile;
        private Path instructionsFile;
        private Path modelAliasesFile;
        private String personality;
        private Duration connectTimeout;
        private Duration firstByteTimeout;
        private Duration idleTimeout;
        private Duration loginTimeout;
        private Integer callbackPort;
        private Integer callbackFallbackPort;
        private List<String> allowedWorkspaceIds;
        private ModelOptions modelOptions;
        private final Map<String, ModelOptions> perModelOptions = new LinkedHashMap<>();
        private Clock clock;
        private String keychainService;

        private Builder(Layers layers) {
            this.layers = layers;
        }

        public Builder home(Path v) { home = v; return this; }
        public Builder profile(String v) { profile = v; return this; }
        public Builder store(String v) { store = v; return this; }
        public Builder issuer(URI v) { issuer = v; return this; }
        public Builder baseUrl(URI v) { baseUrl = v; return this; }
        public Builder githubApiUrl(URI v) { githubApiUrl = v; return this; }
        public Builder githubRawUrl(URI v) { githubRawUrl = v; return this; }
        public Builder githubWebUrl(URI v) { githubWebUrl = v; return this; }
        public Builder clientId(String v) { clientId = v; return this; }
        public Builder originator(String v) { originator = v; return this; }
        public Builder clientVersion(String v) { clientVersion = v; return this; }
        public Builder sendSystemInfo(boolean v) { sendSystemInfo = v; return this; }
        public Builder requestLogging(boolean v) { requestLogging = v; return this; }
        public Builder debug(boolean v) { debug = v; return this; }
        public Builder refreshMargin(Duration v) { refreshMargin = v; return this; }
        public Builder lockTimeout(Duration v) { lockTimeout = v; return this; }
        public Builder catalogTtl(Duration v) { catalogTtl = v; return this; }
        public Builder instructionsTtl(Duration v) { instructionsTtl = v; return this; }
        public Builder catalogFile(Path v) { catalogFile = v; return this; }
        public Builder instructionsFile(Path v) { instructionsFile = v; return this; }
        public Builder modelAliasesFile(Path v) { modelAliasesFile = v; return this; }
        public Builder personality(String v) { personality = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder firstByteTimeout(Duration v) { firstByteTimeout = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder loginTimeout(Duration v) { loginTimeout = v; return this; }
        public Builder callbackPort(int v) { callbackPort = v; return this; }
        /** See {@link Settings#callbackFallbackPort()}. */
        public Builder callbackFallbackPort(int v) { callbackFallbackPort = v; return this; }
        public Builder allowedWorkspaceIds(List<String> v) { allowedWorkspaceIds = List.copyOf(v); return this; }
        public Builder modelOptions(ModelOptions v) { modelOptions = v; return this; }
        public Builder modelOptions(String slug, ModelOptions v) { perModelOptions.put(slug, v); return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder keychainService(String v) { keychainService = v; return this; }

        /** @throws ConfigurationException when a value is invalid, naming the setting */
        public Settings build() {
            return new Settings(this);
        }
    }
}
