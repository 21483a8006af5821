package dev.codexauth.privacy;

import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.BrowserLauncher;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.auth.SignIn;
import dev.codexauth.http.auth.SignInPrompt;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.token.LogoutResult;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A user's whole journey through the public API, as an application wires it: sign in through the
 * browser (a stand-in that does what a browser does: load the authorize URL, follow the issuer's
 * redirect to the loopback callback), ask, let the token expire and ask again (an automatic refresh),
 * log out. Every secret it meets (tokens, the authorization code, the state, the PKCE verifier, as
 * random bytes in every encoding the library could use) goes into {@link #secrets()}.
 */
final class Journey implements AutoCloseable {

    private final Settings settings;
    private final TokenStore store;
    private final HttpTransport transport;
    private final RecordingRandom random = new RecordingRandom();
    private final SecretScan secrets = new SecretScan();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<CompletableFuture<?>> browserVisits = new ArrayList<>();
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private RefreshingCredentials credentials;
    private HttpCodexClient client;
    private URI authorizeUrl;
    private Map<String, String> callbackQuery = Map.of();

    Journey(Settings settings) {
        this.settings = settings;
        this.store = TokenStores.open(settings);
        this.transport = HttpTransport.create(settings);
    }

    /** The journey's settings with the defaults every journey shares: file store, any callback port, short waits. */
    static Settings.Builder defaults(Settings.Builder sandboxSettings, java.nio.file.Path home) {
        return sandboxSettings.home(home).store("file").profile("default").callbackPort(0)
                .loginTimeout(Duration.ofSeconds(30));
    }

    Settings settings() {
        return settings;
    }

    TokenStore store() {
        return store;
    }

    SecretScan secrets() {
        random.recorded().forEach(secrets::add);
        callbackQuery.values().forEach(secrets::add);
        return secrets;
    }

    URI authorizeUrl() {
        return authorizeUrl;
    }

    String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /** Signs in through the loopback callback, as a browser would after the user clicks Allow. */
    SignedInAccount login() {
        try (SignIn signIn = SignIn.builder(settings).transport(transport).store(store).browser(this::visit)
                .random(random).build()) {
            SignedInAccount who = signIn.browser(new SignInPrompt() {
                @Override
                public void showAuthorizeUrl(URI url, boolean browserOpened) {
                    authorizeUrl = url;
                }

                @Override
                public void showDeviceCode(URI page, String userCode, Duration validFor) {
                }

                @Override
                public String readPasted(String instruction) {
                    return null;
                }
            });
            browserVisits.forEach(CompletableFuture::join);
            remember();
            return who;
        }
    }

    /** The browser's part: the authorize page (auto-approved by the sandbox) redirects to the callback. */
    private boolean visit(URI url) {
        browserVisits.add(CompletableFuture.runAsync(() -> {
            try {
                HttpResponse<String> consent = browser.send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofString());
                URI callback = URI.create(consent.headers().firstValue("Location").orElseThrow(
                        () -> new IllegalStateException("the issuer did not redirect: HTTP " + consent.statusCode())));
                callbackQuery = query(callback);
                browser.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException("the browser stand-in failed: " + e.getClass().getSimpleName(), e);
            }
        }));
        return true;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    RefreshingCredentials credentials() {
        if (credentials == null) {
            credentials = RefreshingCredentials.builder(settings, store, HttpIssuer.create(transport, settings)).build();
        }
        return credentials;
    }

    HttpCodexClient client() {
        if (client == null) {
            client = HttpCodexClient.builder(settings).transport(transport).credentials(credentials())
                    .instructions(InstructionSources.standard(settings, transport, credentials()))
                    .console(new PrintStream(console, true, StandardCharsets.UTF_8)).build();
        }
        return client;
    }

    CodexResponse ask(String prompt) {
        CodexResponse answer = client().respond(ResponsesRequest.ofText("gpt-5.5", prompt));
        remember();
        return answer;
    }

    LogoutResult logout() {
        remember();
        return credentials().logout();
    }

    /** Adds whatever the store holds now to the secrets (a refresh brings new tokens). */
    void remember() {
        store.load(settings.profile()).ifPresent(secrets::add);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        transport.close();
        store.close();
    }

    /** A SecureRandom that remembers what it handed out, in the encodings a verifier or state could take. */
    static final class RecordingRandom extends SecureRandom {
        private final List<String> recorded = new ArrayList<>();

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            recorded.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            recorded.add(Base64.getEncoder().encodeToString(bytes));
            recorded.add(HexFormat.of().formatHex(bytes));
        }

        synchronized List<String> recorded() {
            return List.copyOf(recorded);
        }
    }
}
