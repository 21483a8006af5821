package dev.codexauth.privacy;

import dev.codexauth.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.instructions.BundledInstructionSource;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.JournalEntry;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.LogoutResult;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy page's promises (docs/PRIVACY.md), one test each, over the whole journey a user takes
 * (sign in through the browser, ask, an automatic refresh, log out) against the sandbox: real HTTP on
 * loopback, the real file store, the real CLI commands.
 */
class PrivacyPromisesTest {

    static {
        // with logging on, the library's own SLF4J lines must be clean too: let them all through (to System.err)
        System.setProperty("org.slf4j.simpleLogger.log.dev.codexauth", "trace");
    }

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().autoApprove(true)
            .allowAnyLoopbackRedirectPort().accessTokenTtl(Duration.ofHours(1)).clock(CLOCK)
            .answer("The sandbox answers."));

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Sandbox sandbox;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void setUp(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private Journey journey(Settings.Builder settings) {
        Journey j = new Journey(settings.build());
        opened.add(j);
        return j;
    }

    private Settings.Builder settings() {
        return Journey.defaults(sandbox.settings(), home).requestLogging(false).debug(false);
    }

    /** login, ask, the token expires, ask again (refreshed on the way), log out. */
    private static void wholeJourney(Journey j) {
        j.login();
        assertThat(j.ask("Hello?").outputText()).isEqualTo("The sandbox answers.");
        CLOCK.advance(Duration.ofHours(2));
        assertThat(j.ask("And again?").outputText()).isEqualTo("The sandbox answers.");
        assertThat(j.logout().deleted()).isTrue();
    }

    // --- no telemetry ---

    @Test
    void noTelemetryEveryConnectionGoesToTheConfiguredHosts() {
        List<ConnectionRecorder.Peer> peers;
        List<URI> proxyQueries;
        try (ConnectionRecorder recorder = new ConnectionRecorder()) {
            wholeJourney(journey(settings()));
            peers = recorder.stop();
            proxyQueries = recorder.proxyQueries();
        }
        // the recorder works: it saw the library talk to the sandbox's port
        assertThat(peers).anyMatch(p -> p.port() == sandbox.port());
        // and nothing in this JVM talked to any address but this machine's loopback (the sandbox, the callback)
        assertThat(peers).allMatch(ConnectionRecorder::isLoopback, "loopback only");
        assertThat(proxyQueries).allMatch(u -> Settings.isLoopback(u.getHost()), "loopback only");
        // what arrived: exactly the endpoints of the journey, nothing else
        Set<String> arrived = sandbox.journal().requests().stream().map(JournalEntry::endpoint).collect(Collectors.toSet());
        assertThat(arrived).contains(Endpoint.AUTHORIZE, Endpoint.TOKEN_AUTHORIZATION_CODE, Endpoint.RESPONSES, Endpoint.TOKEN_REFRESH,
                Endpoint.REVOKE);
        assertThat(arrived).isSubsetOf(Endpoint.AUTHORIZE, Endpoint.TOKEN_AUTHORIZATION_CODE, Endpoint.RESPONSES, Endpoint.TOKEN_REFRESH,
                Endpoint.REVOKE, Endpoint.MODELS, Endpoint.GITHUB_LATEST, Endpoint.GITHUB_RELEASE_PAGE, Endpoint.GITHUB_CATALOG,
                Endpoint.GITHUB_PROMPT);
    }

    // --- tokens only in the token store ---

    @Test
    void tokensAreStoredOnlyInTheTokenStoreWhoseFileIs0600InADirectory0700() throws IOException {
        Instant started = Instant.now().minusSeconds(1);
        // logging on as well: the logs must not become a second token store
        Journey j = journey(settings().requestLogging(true).debug(true));
        j.login();
        j.ask("Hello?");
        CLOCK.advance(Duration.ofHours(2));
        j.ask("And again?");
        Path tokenFile = j.settings().authDir().resolve("openai.json");
        SecretScan secrets = j.secrets();
        assertThat(secrets.foundIn(Files.readString(tokenFile))).isNotEmpty(); // the store does hold them
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(j.settings().authDir()))).isEqualTo("rwx------");
        assertThat(SecretScan.files(j.settings().logDir())).isNotEmpty();
        secrets.assertAbsentFromFilesUnder(List.of(home), Set.of(tokenFile.toAbsolutePath().normalize()));
        secrets.assertAbsentFromFilesUnder(recentTempFiles(started, home), Set.of());
        j.logout();
        secrets.assertAbsentFromFilesUnder(List.of(home), Set.of()); // after logout: nowhere at all
    }

    /** Files the temp directory gained or changed while the test ran (other programs' older files are not ours). */
    private static List<Path> recentTempFiles(Instant since, Path except) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> recent = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(tmp, 3)) {
            for (Iterator<Path> it = walk.iterator(); it.hasNext(); ) {
                Path p = it.next();
                try {
                    if (!p.startsWith(except) && Files.isRegularFile(p) && Files.isReadable(p) && Files.size(p) < 10_000_000
                            && Files.getLastModifiedTime(p).compareTo(FileTime.from(since)) >= 0) {
                        recent.add(p);
                    }
                } catch (IOException e) {
                    // vanished meanwhile
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // another process removed a directory while we walked: scan what we have
        }
        return recent;
    }

    // --- the cache ---

    private static final Pattern CACHE_FILE = Pattern.compile(
            "models-cache-[0-9a-f]{16}\\.json|github-models(-meta)?\\.json|[a-z0-9.-]+-instructions(\\.md|-meta\\.json)");

    @Test
    void theCacheHoldsOnlyCatalogAndInstructionFilesAndTheirMetaRefreshedAfter15Minutes() throws IOException {
        Journey j = journey(settings());
        j.login();
        j.ask("Hello?");
        Settings settings = j.settings();
        try (HttpTransport transport = HttpTransport.create(settings)) {
            // GitHub's copy, as used when the backend's catalog is out of reach: fetched once...
            CatalogKey key = new CatalogKey(null, settings.clientVersion());
            gitHubOnly(settings, transport).catalog(key);
            int fetches = sandbox.journal().count(Endpoint.GITHUB_CATALOG);
            assertThat(fetches).isEqualTo(1);
            // ...served from the cache files for 15 minutes, even by a new process...
            CLOCK.advance(Duration.ofMinutes(14));
            gitHubOnly(settings, transport).catalog(key);
            assertThat(sandbox.journal().count(Endpoint.GITHUB_CATALOG)).isEqualTo(1);
            // ...then checked again, conditionally (ETag)
            CLOCK.advance(Duration.ofMinutes(2));
            gitHubOnly(settings, transport).catalog(key);
            List<JournalEntry> checks = sandbox.journal().requests(Endpoint.GITHUB_CATALOG);
            assertThat(checks).hasSize(2);
            assertThat(checks.get(1).header("If-None-Match")).isNotBlank();
        }
        Set<String> names = new TreeSet<>();
        for (Path f : SecretScan.files(settings.cacheDir())) {
            names.add(f.getFileName().toString());
        }
        assertThat(names).isNotEmpty().allMatch(n -> CACHE_FILE.matcher(n).matches(), "a catalog or instructions file or its meta");
        assertThat(names).contains("github-models.json", "github-models-meta.json");
        for (Path f : SecretScan.files(settings.cacheDir())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        }
        j.secrets().assertAbsentFromFilesUnder(List.of(settings.cacheDir()), Set.of());
    }

    private static InstructionSource gitHubOnly(Settings settings, HttpTransport transport) {
        return InstructionSources.standard(settings, transport, null, failing());
    }

    private static InstructionSource failing() {
        return new InstructionSource() {
            @Override
            public dev.codexauth.instructions.ModelCatalog catalog(CatalogKey key) {
                throw new AssertionError("GitHub should have answered");
            }

            @Override
            public String name() {
                return "none";
            }
        };
    }

    // --- logs ---

    @Test
    void nothingIsWrittenToTheLogDirectoryUnlessRequestLoggingIsOn() {
        assertThat(Settings.builder(new Properties(), Map.of()).build().requestLogging()).isFalse();
        assertThat(Settings.builder(new Properties(), Map.of(Settings.REQUEST_LOGGING, "1")).build().requestLogging()).isTrue();
        Journey j = journey(settings());
        wholeJourney(j);
        assertThat(j.settings().logDir()).doesNotExist();
        assertThat(j.settings().home().resolve("logs")).doesNotExist();
        assertThat(j.console()).isEmpty();
    }

    @Test
    void withLoggingOnNoTokenCodeVerifierOrStateReachesAnyFileOrConsoleLine() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        Journey j = journey(settings().requestLogging(true).debug(true));
        try {
            System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
            wholeJourney(j);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        List<Path> logs = SecretScan.files(j.settings().logDir());
        // the logs are there and say what was sent (the prompt, as the privacy page warns)...
        assertThat(logs).isNotEmpty();
        for (Path log : logs) {
            assertThat(log.getFileName().toString()).matches("request-\\d+-(before-transform|after-transform|response|error-response|stream-full|stream-error)\\.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        }
        assertThat(logs.stream().map(SecretScan::read).collect(Collectors.joining())).contains("And again?");
        assertThat(j.console()).isNotEmpty();
        // ...and hold no token, code, verifier or state; nor does the console or any other file
        SecretScan secrets = j.secrets();
        secrets.assertAbsentFromFilesUnder(List.of(home), Set.of());
        secrets.assertAbsentFrom("the library's debug console", j.console());
        secrets.assertAbsentFrom("System.out and System.err (SLF4J included)", captured.toString(StandardCharsets.UTF_8));
    }

    /** Copies what is written to two streams. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    // --- what is sent ---

    private static final Set<String> ALLOWED_HEADERS = Set.of("authorization", "chatgpt-account-id", "originator", "version",
            "user-agent", "session-id", "thread-id", "x-client-request-id", "x-codex-turn-state",
            "x-openai-internal-codex-responses-lite", "accept", "content-type", "content-length", "host", "connection",
            "accept-encoding", "transfer-encoding");
    private static final Set<String> ALLOWED_BODY_FIELDS = Set.of("model", "store", "stream", "instructions", "input",
            "reasoning", "text", "include", "prompt_cache_key", "tool_choice", "parallel_tool_calls", "tools");

    @Test
    void theBackendReceivesOnlyPromptsTheTokenTheAccountTheConfigurationAndTheModel() throws Exception {
        Journey j = journey(settings().modelOptions(new dev.codexauth.config.ModelOptions("high", null, "low", null)));
        j.login();
        dev.codexauth.codex.Conversation conversation = dev.codexauth.codex.Conversation.start("gpt-5.5");
        conversation.record(j.client().respond(conversation.ask("What is 2+2?")));
        conversation.record(j.client().respond(conversation.ask("And 3+3?")));
        List<JournalEntry> sent = sandbox.journal().requests(Endpoint.RESPONSES);
        assertThat(sent).hasSize(2);
        String userAgent = j.settings().originator() + "/" + j.settings().clientVersion();
        Set<String> system = systemFacts();
        for (JournalEntry e : sent) {
            Set<String> names = e.headers().keySet().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
            assertThat(names).isSubsetOf(ALLOWED_HEADERS).doesNotContain("x-api-key", "openai-beta");
            assertThat(e.header("Authorization")).isEqualTo("Bearer ***");
            assertThat(e.header("ChatGPT-Account-ID")).isEqualTo(sandbox.account().accountId());
            assertThat(e.header("User-Agent")).isEqualTo(userAgent); // no OS, architecture, terminal, library version
            JsonNode body = JSON.readTree(e.body());
            Set<String> fields = new HashSet<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isSubsetOf(ALLOWED_BODY_FIELDS);
            assertThat(body.path("model").asText()).isEqualTo("gpt-5.5");
            assertThat(body.path("store").asBoolean(true)).isFalse();
            assertThat(body.path("reasoning").path("effort").asText()).isEqualTo("high");
            String everything = e.headers() + e.body();
            for (String fact : system) {
                assertThat(everything).as("system fact %s", fact).doesNotContain(fact);
            }
        }
        assertThat(sent.get(1).body()).contains("What is 2+2?").contains("And 3+3?"); // the history goes along
        // the other backend and GitHub requests carry no system information either
        try (HttpTransport transport = HttpTransport.create(j.settings())) {
            gitHubOnly(j.settings(), transport).catalog(new CatalogKey(null, j.settings().clientVersion()));
        }
        assertThat(sandbox.journal().requests()).anyMatch(e -> e.endpoint().startsWith("github"));
        for (JournalEntry e : sandbox.journal().requests()) {
            assertThat(e.headers().keySet()).noneMatch(n -> n.equalsIgnoreCase("x-api-key"));
            String ua = e.header("User-Agent");
            if (ua != null && !e.endpoint().equals(Endpoint.AUTHORIZE)) { // the authorize page is the browser's
                for (String fact : system) {
                    assertThat(ua).doesNotContain(fact);
                }
            }
            if (e.endpoint().startsWith("github")) {
                assertThat(e.method()).isEqualTo("GET");
                assertThat(ua).isEqualTo("codex-auth-java"); // GitHub's API requires one; no version in it
                assertThat(e.body()).isEmpty();
                assertThat(e.header("Authorization")).isNull();
                assertThat(e.header("ChatGPT-Account-ID")).isNull();
            }
        }
    }

    @Test
    void systemInformationIsSentOnlyWhenTheUserOptsIn() {
        Journey quiet = journey(settings());
        quiet.store().save("default", sandbox.mintCredentials());
        quiet.ask("Hello?");
        Journey chatty = journey(settings().sendSystemInfo(true));
        chatty.ask("Hello?");
        List<JournalEntry> sent = sandbox.journal().requests(Endpoint.RESPONSES);
        assertThat(sent.get(0).header("User-Agent")).doesNotContain(System.getProperty("os.name"));
        assertThat(sent.get(1).header("User-Agent")).contains(System.getProperty("os.name")).contains(System.getProperty("os.arch"));
    }

    /** What "system information" would look like: OS name and version, architecture, user, home, host, this library's version. */
    private static Set<String> systemFacts() throws IOException {
        Set<String> facts = new HashSet<>();
        facts.add(System.getProperty("os.name"));
        facts.add(System.getProperty("os.version"));
        facts.add(System.getProperty("os.arch"));
        facts.add(System.getProperty("user.home"));
        facts.add(System.getProperty("java.version"));
        facts.add("0.1.0-SNAPSHOT");
        String user = System.getProperty("user.name");
        if (user != null && user.length() > 3) {
            facts.add("\"" + user + "\"");
        }
        String host = java.net.InetAddress.getLocalHost().getHostName();
        if (host.length() > 3 && !host.equals("localhost")) {
            facts.add(host);
        }
        facts.removeIf(f -> f == null || f.isBlank());
        return facts;
    }

    // --- deletion, through the CLI's own commands ---

    private record Layout(Path tokenFile, Path cacheFile, Path logFile, Path sentinel, Path otherLogs) {
    }

    /** A signed-in home with a cache, logs, and files that are not ours. */
    private Layout populatedHome() throws IOException {
        Settings settings = settings().build();
        try (TokenStore store = TokenStores.open(settings)) {
            store.save("default", sandbox.mintCredentials());
        }
        Path cacheFile = Files.createDirectories(settings.cacheDir()).resolve("github-models.json");
        Files.write(cacheFile, sandbox.catalogJson());
        Path logFile = Files.createDirectories(settings.logDir()).resolve("request-1-response.json");
        Files.writeString(logFile, "{}");
        Path sentinel = home.resolve("my-notes.txt");
        Files.writeString(sentinel, "not codex-auth's");
        Path otherLogs = Files.createDirectories(home.resolve("logs").resolve("other-tool")).resolve("keep.log");
        Files.writeString(otherLogs, "not codex-auth's either");
        return new Layout(settings.authDir().resolve("openai.json"), cacheFile, logFile, sentinel, otherLogs);
    }

    /** Runs the CLI in this JVM against the sandbox and this test's home; it must succeed. */
    private String cli(String... args) {
        Map<String, String> config = new java.util.LinkedHashMap<>(sandbox.environment());
        config.put(Settings.HOME, home.toString());
        config.put(Settings.STORE, "file");
        InProcessCli.Run run = InProcessCli.run(config, args);
        assertThat(run.exit()).as("exit status of %s: %s", List.of(args), run.output()).isZero();
        return run.output();
    }

    @Test
    void logoutRevokesAndDeletesTheLoginAndNothingElse() throws IOException {
        Layout l = populatedHome();
        String output = cli("logout");
        assertThat(sandbox.journal().count(Endpoint.REVOKE)).isEqualTo(1);
        assertThat(l.tokenFile()).doesNotExist();
        assertThat(List.of(l.cacheFile(), l.logFile(), l.sentinel(), l.otherLogs())).allMatch(Files::exists);
        assertThat(output).contains("deleted the login");
    }

    @Test
    void cacheClearDeletesTheCacheAndNothingElse() throws IOException {
        Layout l = populatedHome();
        cli("cache", "clear");
        assertThat(l.cacheFile().getParent()).doesNotExist();
        assertThat(List.of(l.tokenFile(), l.logFile(), l.sentinel(), l.otherLogs())).allMatch(Files::exists);
        assertThat(sandbox.journal().requests()).isEmpty(); // deleting needs no network
    }

    @Test
    void logsClearDeletesTheLogsAndNothingElse() throws IOException {
        Layout l = populatedHome();
        cli("logs", "clear");
        assertThat(l.logFile().getParent()).doesNotExist();
        assertThat(List.of(l.tokenFile(), l.cacheFile(), l.sentinel(), l.otherLogs())).allMatch(Files::exists);
        assertThat(sandbox.journal().requests()).isEmpty();
    }

    @Test
    void forgetDeletesTheLoginTheCacheAndTheLogsAndNothingElse() throws IOException {
        Layout l = populatedHome();
        cli("forget");
        assertThat(sandbox.journal().count(Endpoint.REVOKE)).isEqualTo(1);
        assertThat(List.of(l.tokenFile(), l.cacheFile().getParent(), l.logFile().getParent())).noneMatch(Files::exists);
        assertThat(List.of(l.sentinel(), l.otherLogs())).allMatch(Files::exists);
    }

    // --- security measures ---

    @Test
    void signInUsesPkceWithS256AndSendsTheVerifierWithTheCode() throws Exception {
        Journey j = journey(settings());
        j.login();
        Map<String, String> q = Journey.query(j.authorizeUrl());
        assertThat(q).containsEntry("code_challenge_method", "S256").containsEntry("response_type", "code");
        String challenge = q.get("code_challenge");
        // the challenge is SHA-256 of one of the random values the sign-in drew: the verifier
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        assertThat(j.secrets().secrets()).anyMatch(candidate -> challenge.equals(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256.digest(candidate.getBytes(StandardCharsets.US_ASCII)))));
        // the code went back with a verifier (the sandbox checks it against the challenge, as the issuer does)
        JournalEntry exchange = sandbox.journal().requests(Endpoint.TOKEN_AUTHORIZATION_CODE).get(0);
        assertThat(exchange.body()).contains("code_verifier=***").contains("grant_type=authorization_code");
        assertThat(j.store().load("default")).isPresent();
    }

    @Test
    void everyEndpointOffLoopbackMustBeHttps() {
        Settings defaults = Settings.builder(new Properties(), Map.of()).build();
        assertThat(List.of(defaults.issuer(), defaults.baseUrl(), defaults.githubApiUrl(), defaults.githubRawUrl(),
                defaults.githubWebUrl())).allMatch(u -> u.getScheme().equals("https"));
        for (String name : List.of(Settings.ISSUER, Settings.BASE_URL, Settings.GITHUB_API_URL, Settings.GITHUB_RAW_URL,
                Settings.GITHUB_WEB_URL)) {
            assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of(name, "http://chatgpt.example.com/x")).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("https");
            assertThat(Settings.builder(new Properties(), Map.of(name, "http://127.0.0.1:9/x")).build()).isNotNull();
        }
        assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of()).issuer(URI.create("http://192.168.1.5/")).build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of()).baseUrl(URI.create("http://localhost.evil.com/")).build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void tokensAreRefreshedAutomatically() {
        Journey j = journey(settings());
        Credentials first = sandbox.mintCredentials();
        j.store().save("default", first);
        j.ask("Hello?");
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isZero();
        CLOCK.advance(Duration.ofHours(2)); // long past expiry
        assertThat(j.ask("Still there?").outputText()).isEqualTo("The sandbox answers.");
        assertThat(sandbox.journal().count(Endpoint.TOKEN_REFRESH)).isEqualTo(1);
        Credentials now = j.store().load("default").orElseThrow();
        assertThat(now.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(now.refreshToken()).isNotEqualTo(first.refreshToken()); // rotated, and the new one saved
        assertThat(now.expiresAt()).isAfter(CLOCK.instant());
        LogoutResult out = j.logout();
        assertThat(out.deleted()).isTrue();
    }
}
