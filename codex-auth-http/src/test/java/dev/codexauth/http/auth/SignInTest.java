package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.config.Settings;
import dev.codexauth.error.LoginException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.JournalEntry;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxAccount;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.InMemoryTokenStore;
import dev.codexauth.token.RefreshingCredentials;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignInTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(
            Sandbox.builder().allowAnyLoopbackRedirectPort().deviceInterval(Duration.ZERO));

    private static final long WAIT = 30;

    private final List<SignIn> opened = new ArrayList<>();
    private InMemoryTokenStore store;
    private HttpTransport transport;

    @BeforeEach
    void setUp(Sandbox sandbox) {
        store = new InMemoryTokenStore();
        transport = HttpTransport.create(sandbox.settings().build());
    }

    @AfterEach
    void tearDown() {
        opened.forEach(SignIn::close);
        transport.close();
    }

    private Settings.Builder settings(Sandbox sandbox) {
        return sandbox.settings().callbackPort(0).loginTimeout(Duration.ofSeconds(WAIT)).profile("default");
    }

    private SignIn signIn(Settings settings, int... ports) {
        SignIn.Builder b = SignIn.builder(settings).transport(transport).store(store).browser(BrowserLauncher.none());
        if (ports.length > 0) {
            b.callbackPorts(ports);
        }
        SignIn signIn = b.build();
        opened.add(signIn);
        return signIn;
    }

    private SignIn signIn(Sandbox sandbox) {
        return signIn(settings(sandbox).build());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    /** What the browser does after the user clicks Allow: the issuer redirects it to the callback with a code. */
    private static RawHttp.Response approveInBrowser(Sandbox sandbox, URI authorizeUrl) throws Exception {
        Map<String, String> q = Urls.query(authorizeUrl);
        URI redirect = URI.create(q.get("redirect_uri"));
        String code = sandbox.mintAuthorizationCode(redirect, q.get("code_challenge"));
        return RawHttp.get(redirect.getPort(), "/auth/callback?code=" + enc(code) + "&state=" + enc(q.get("state")));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the sign-in to fail");
    }

    /**
     * Starts {@code flow} on another thread, cancels the sign-in once the prompt has been shown what
     * {@code shown} picks, and returns the running flow.
     */
    private CompletableFuture<SignedInAccount> cancelledOnceShown(Sandbox sandbox,
            BiFunction<SignIn, RecordingPrompt, SignedInAccount> flow, Function<RecordingPrompt, CompletableFuture<?>> shown)
            throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(sandbox);
        CompletableFuture<SignedInAccount> running = CompletableFuture.supplyAsync(() -> flow.apply(signIn, prompt));
        await(shown.apply(prompt));
        signIn.cancel();
        return running;
    }

    // --- browser flow over the loopback callback ---

    @Test
    void theBrowserSignInSavesTheLoginAndShowsTheRealOutcome(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(sandbox);
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));

        RawHttp.Response page = approveInBrowser(sandbox, await(prompt.authorizeUrl));
        SignedInAccount account = await(flow);

        SandboxAccount expected = sandbox.account();
        assertThat(account).isEqualTo(new SignedInAccount(expected.email(), expected.planType(),
                expected.accountId(), expected.userId()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).contains("Signed in as " + expected.email());
        Credentials saved = store.load("default").orElseThrow();
        assertThat(saved.accountId()).isEqualTo(expected.accountId());
        assertThat(saved.idToken()).isNotNull();
        assertThat(saved.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
    }

    @Test
    void theAuthorizeUrlAndTheCodeExchangeAreExactlyAsSpecified(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(settings(sandbox).allowedWorkspaceIds(List.of("ws-a", "ws-b")).build());
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
        URI url = await(prompt.authorizeUrl);
        approveInBrowser(sandbox, url);
        await(flow);

        Map<String, String> q = Urls.query(url);
        URI redirect = URI.create(q.get("redirect_uri"));
        assertThat(url.toString()).startsWith(sandbox.issuerUrl() + "/oauth/authorize?");
        assertThat(q.keySet()).containsExactly("response_type", "client_id", "redirect_uri", "scope",
                "code_challenge", "code_challenge_method", "id_token_add_organizations", "codex_cli_simplified_flow",
                "state", "originator", "allowed_workspace_id");
        assertThat(q).containsEntry("response_type", "code")
                .containsEntry("client_id", "app_EMoamEEZ73f0CkXaXp7hrann")
                .containsEntry("scope", "openid profile email offline_access api.connectors.read api.connectors.invoke")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("id_token_add_organizations", "true")
                .containsEntry("codex_cli_simplified_flow", "true")
                .containsEntry("originator", "codex_cli_rs")
                .containsEntry("allowed_workspace_id", "ws-a,ws-b");
        assertThat(url.getRawQuery()).contains("redirect_uri=http%3A%2F%2Flocalhost%3A" + redirect.getPort()
                + "%2Fauth%2Fcallback&").contains("&scope=openid%20profile%20");
        assertThat(redirect.getHost()).isEqualTo("localhost");
        assertThat(redirect.getPath()).isEqualTo("/auth/callback");
        assertThat(q.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64Url.decode(q.get("state"))).hasSizeGreaterThanOrEqualTo(16);

        JournalEntry exchange = sandbox.journal().last(Endpoint.TOKEN_AUTHORIZATION_CODE);
        assertThat(exchange.method()).isEqualTo("POST");
        assertThat(exchange.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(exchange.body()).isEqualTo("grant_type=authorization_code&client_id=app_EMoamEEZ73f0CkXaXp7hrann"
                + "&code=***&code_verifier=***&redirect_uri=" + enc(redirect.toString()));
        assertThat(sandbox.journal().count(Endpoint.TOKEN_AUTHORIZATION_CODE)).isEqualTo(1);
    }

    @Test
    void everySignInHasItsOwnStateAndChallenge(Sandbox sandbox) throws Exception {
        List<Map<String, String>> queries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RecordingPrompt prompt = new RecordingPrompt();
            SignIn signIn = signIn(sandbox);
            CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
            URI url = await(prompt.authorizeUrl);
            queries.add(Urls.query(url));
            approveInBrowser(sandbox, url);
            await(flow);
        }
        assertThat(queries.get(0).get("state")).isNotEqualTo(queries.get(1).get("state"));
        assertThat(queries.get(0).get("code_challenge")).isNotEqualTo(queries.get(1).get("code_challenge"));
    }

    @Test
    void aForgedStateOrAWrongPathDoesNotEndTheSignIn(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(sandbox);
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
        URI url = await(prompt.authorizeUrl);
        int port = Urls.redirectUri(url).getPort();
        String realChallenge = Urls.query(url).get("code_challenge");
        String forgedCode = sandbox.mintAuthorizationCode(Urls.redirectUri(url), realChallenge);

        RawHttp.Response forged = RawHttp.get(port, "/auth/callback?code=" + enc(forgedCode) + "&state=forged-state");
        RawHttp.Response wrongPath = RawHttp.get(port, "/auth/other?code=x&state=" + enc(Urls.query(url).get("state")));
        RawHttp.Response strayError = RawHttp.get(port, "/auth/callback?error=access_denied&state=forged");

        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body()).contains("State mismatch");
        assertThat(wrongPath.status()).isEqualTo(404);
        assertThat(strayError.status()).isEqualTo(400);
        assertThat(flow).isNotDone();
        assertThat(sandbox.journal().count(Endpoint.TOKEN_AUTHORIZATION_CODE)).isZero();

        assertThat(approveInBrowser(sandbox, url).status()).isEqualTo(200);
        assertThat(await(flow).email()).isEqualTo(sandbox.account().email());
    }

    @Test
    void aDenialEndsTheSignInWithItsReasonAndSavesNothing(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(sandbox);
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
        URI url = await(prompt.authorizeUrl);

        RawHttp.Response page = RawHttp.get(Urls.redirectUri(url).getPort(), "/auth/callback?error=access_denied"
                + "&error_description=missing_codex_entitlement&state=" + enc(Urls.query(url).get("state")));

        assertThat(page.body()).contains("Codex is not enabled for your ChatGPT workspace");
        assertThat(failureOf(flow)).isInstanceOf(LoginException.class)
                .hasMessageContaining("Codex is not enabled for your ChatGPT workspace");
        assertThat(store.load("default")).isEmpty();
    }

    @Test
    void aRefusedCodeIsShownInTheBrowserAsAFailure(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(sandbox);
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
        URI url = await(prompt.authorizeUrl);

        RawHttp.Response page = RawHttp.get(Urls.redirectUri(url).getPort(),
                "/auth/callback?code=not-a-real-code&state=" + enc(Urls.query(url).get("state")));

        assertThat(page.status()).isEqualTo(500);
        assertThat(page.body()).contains("Sign-in failed").contains("did not accept the sign-in code")
                .doesNotContain("not-a-real-code");
        assertThat(failureOf(flow)).isInstanceOf(LoginException.class);
        assertThat(store.load("default")).isEmpty();
    }

    @Test
    void theWaitTimesOutAndFreesThePort(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(settings(sandbox).loginTimeout(Duration.ofMillis(500)).build());

        assertThatThrownBy(() -> signIn.browser(prompt)).isInstanceOf(LoginException.class)
                .hasMessageContaining("No sign-in arrived within 0.5 s");

        int port = Urls.redirectUri(prompt.authorizeUrl.getNow(null)).getPort();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.isBound()).isTrue();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(t -> assertThat(t.getName())
                .startsWith("codex-auth-callback"));
    }

    @Test
    void cancelEndsAWaitingSignIn(Sandbox sandbox) throws Exception {
        CompletableFuture<SignedInAccount> flow = cancelledOnceShown(sandbox, SignIn::browser, prompt -> prompt.authorizeUrl);

        assertThat(failureOf(flow)).isInstanceOf(LoginException.class).hasMessageContaining("cancelled");
    }

    // --- busy ports ---

    @Test
    void aBusyPortHeldByAnEarlierSignInIsCancelledAndTakenOver(Sandbox sandbox) throws Exception {
        int port = freePort();
        RecordingPrompt firstPrompt = new RecordingPrompt();
        SignIn first = signIn(settings(sandbox).build(), port);
        CompletableFuture<SignedInAccount> earlier = CompletableFuture.supplyAsync(() -> first.browser(firstPrompt));
        await(firstPrompt.authorizeUrl);

        RecordingPrompt secondPrompt = new RecordingPrompt();
        SignIn second = signIn(settings(sandbox).build(), port);
        CompletableFuture<SignedInAccount> later = CompletableFuture.supplyAsync(() -> second.browser(secondPrompt));

        assertThat(failureOf(earlier)).isInstanceOf(LoginException.class)
                .hasMessageContaining("another sign-in started");
        URI url = await(secondPrompt.authorizeUrl);
        assertThat(Urls.redirectUri(url).getPort()).isEqualTo(port);
        approveInBrowser(sandbox, url);
        assertThat(await(later).accountId()).isEqualTo(sandbox.account().accountId());
        assertThat(secondPrompt.notices).isEmpty();
    }

    @Test
    void whenEveryCallbackPortIsTakenTheSignInContinuesByPasting(Sandbox sandbox) throws Exception {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RecordingPrompt prompt = RecordingPrompt.pasting(url -> redirectWithCode(sandbox, url, true));
            SignIn signIn = signIn(settings(sandbox).build(), a.getLocalPort(), b.getLocalPort());

            SignedInAccount account = signIn.browser(prompt);

            assertThat(account.email()).isEqualTo(sandbox.account().email());
            assertThat(prompt.notices).singleElement().asString()
                    .contains("Port " + a.getLocalPort() + " and " + b.getLocalPort() + " are in use")
                    .contains("paste the address");
            assertThat(Urls.redirectUri(prompt.authorizeUrl.getNow(null)).getPort()).isEqualTo(a.getLocalPort());
            assertThat(store.load("default")).isPresent();
        }
    }

    @Test
    void aBusyCallbackPortMovesTheCallbackToTheFallbackPort(Sandbox sandbox) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int fallback = freePort();
            Settings settings = settings(sandbox).callbackPort(taken.getLocalPort()).callbackFallbackPort(fallback).build();
            RecordingPrompt prompt = new RecordingPrompt();
            SignIn signIn = signIn(settings);
            CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));

            URI url = await(prompt.authorizeUrl);
            assertThat(Urls.redirectUri(url)).isEqualTo(URI.create("http://localhost:" + fallback + "/auth/callback"));
            approveInBrowser(sandbox, url);

            assertThat(await(flow).email()).isEqualTo(sandbox.account().email());
            assertThat(prompt.notices).singleElement().asString()
                    .contains("Port " + taken.getLocalPort() + " is in use").contains("using port " + fallback);
        }
    }

    @Test
    void theDefaultCallbackPortsAre1455Then1457AndAnEphemeralPortHasNoFallback() {
        Settings defaults = Settings.builder(new java.util.Properties(), Map.of()).build();

        assertThat(SignIn.callbackPorts(defaults)).containsExactly(1455, 1457)
                .containsExactly(SignIn.DEFAULT_CALLBACK_PORT, SignIn.FALLBACK_CALLBACK_PORT);
        assertThat(SignIn.callbackPorts(defaults.toBuilder().callbackPort(0).build())).containsExactly(0);
        assertThat(SignIn.callbackPorts(defaults.toBuilder().callbackPort(1457).build())).containsExactly(1457);
    }

    @Test
    void whenThePortsAreTakenThePasteStillEndsAtTheLoginTimeout(Sandbox sandbox) throws Exception {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch interrupted = new CountDownLatch(1);
            RecordingPrompt prompt = RecordingPrompt.pasting(url -> blockUntilInterrupted(null, interrupted));
            SignIn signIn = signIn(settings(sandbox).loginTimeout(Duration.ofMillis(300)).build(),
                    a.getLocalPort(), b.getLocalPort());

            CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));

            assertThat(failureOf(flow)).isInstanceOf(LoginException.class)
                    .hasMessageContaining("Nothing was pasted within 0.3 s");
            assertThat(interrupted.await(WAIT, TimeUnit.SECONDS)).isTrue();
            assertThat(store.load("default")).isEmpty();
        }
    }

    @Test
    void whenThePortsAreTakenCancelStillEndsThePaste(Sandbox sandbox) throws Exception {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            RecordingPrompt prompt = RecordingPrompt.pasting(url -> blockUntilInterrupted(reading, interrupted));
            SignIn signIn = signIn(settings(sandbox).build(), a.getLocalPort(), b.getLocalPort());
            CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
            assertThat(reading.await(WAIT, TimeUnit.SECONDS)).isTrue();

            signIn.cancel();

            assertThat(failureOf(flow)).isInstanceOf(LoginException.class).hasMessageContaining("cancelled");
            assertThat(interrupted.await(WAIT, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A prompt's read that never gets input, as a terminal nobody answers; ends only when interrupted. */
    private static String blockUntilInterrupted(CountDownLatch reading, CountDownLatch interrupted) {
        if (reading != null) {
            reading.countDown();
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            interrupted.countDown();
        }
        return null;
    }

    // --- manual paste ---

    enum PasteForm {
        FULL_URL, CODE_HASH_STATE, QUERY_STRING, BARE_CODE;

        String render(URI redirect, String code, String state) {
            return switch (this) {
                case FULL_URL -> redirect + "?code=" + enc(code) + "&scope=openid&state=" + enc(state);
                case CODE_HASH_STATE -> code + "#" + state;
                case QUERY_STRING -> "code=" + enc(code) + "&state=" + enc(state);
                case BARE_CODE -> code;
            };
        }
    }

    private static String redirectWithCode(Sandbox sandbox, URI authorizeUrl, boolean matchingState) {
        return paste(sandbox, authorizeUrl, PasteForm.FULL_URL, matchingState);
    }

    private static String paste(Sandbox sandbox, URI authorizeUrl, PasteForm form, boolean matchingState) {
        Map<String, String> q = Urls.query(authorizeUrl);
        URI redirect = URI.create(q.get("redirect_uri"));
        String code = sandbox.mintAuthorizationCode(redirect, q.get("code_challenge"));
        return form.render(redirect, code, matchingState ? q.get("state") : "state-of-another-sign-in");
    }

    @ParameterizedTest
    @EnumSource(PasteForm.class)
    void aPasteInEveryFormWithTheMatchingStateSignsIn(PasteForm form, Sandbox sandbox) {
        RecordingPrompt prompt = RecordingPrompt.pasting(url -> "  " + paste(sandbox, url, form, true) + "\n");
        SignIn signIn = signIn(sandbox);

        SignedInAccount account = signIn.manual(prompt);

        assertThat(account.accountId()).isEqualTo(sandbox.account().accountId());
        assertThat(store.load("default")).isPresent();
        URI url = prompt.authorizeUrl.getNow(null);
        assertThat(Urls.redirectUri(url)).isEqualTo(URI.create("http://localhost:1455/auth/callback"));
        assertThat(prompt.shown).contains("url opened=false");
    }

    @ParameterizedTest
    @EnumSource(value = PasteForm.class, names = {"FULL_URL", "CODE_HASH_STATE", "QUERY_STRING"})
    void aPasteInEveryFormWithAnotherSignInsStateIsRefused(PasteForm form, Sandbox sandbox) {
        RecordingPrompt prompt = RecordingPrompt.pasting(url -> paste(sandbox, url, form, false));
        SignIn signIn = signIn(sandbox);

        assertThatThrownBy(() -> signIn.manual(prompt)).isInstanceOf(LoginException.class)
                .hasMessageContaining("belongs to a different sign-in");
        assertThat(sandbox.journal().count(Endpoint.TOKEN_AUTHORIZATION_CODE)).isZero();
        assertThat(store.load("default")).isEmpty();
    }

    @Test
    void aPastedDenialOrNothingEndsTheSignInClearly(Sandbox sandbox) {
        SignIn signIn = signIn(sandbox);
        RecordingPrompt denied = RecordingPrompt.pasting(url -> "http://localhost:1455/auth/callback?error=access_denied"
                + "&error_description=missing_codex_entitlement&state=" + enc(Urls.query(url).get("state")));

        assertThatThrownBy(() -> signIn.manual(denied)).isInstanceOf(LoginException.class)
                .hasMessageContaining("Codex is not enabled");
        assertThatThrownBy(() -> signIn.manual(RecordingPrompt.pasting(url -> null)))
                .isInstanceOf(LoginException.class).hasMessageContaining("No input");
        assertThatThrownBy(() -> signIn.manual(RecordingPrompt.pasting(url -> "hello there")))
                .isInstanceOf(LoginException.class).hasMessageContaining("not a sign-in address");
    }

    // --- device code ---

    @Test
    void aDeviceSignInPollsWhilePendingAndCompletesOnceApproved(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = RecordingPrompt.onDeviceCode((page, code) -> CompletableFuture.runAsync(() -> {
            while (sandbox.journal().count(Endpoint.DEVICE_TOKEN) < 2) {
                Thread.onSpinWait();
            }
            sandbox.approveDeviceCode(code);
        }));
        SignIn signIn = signIn(sandbox);

        SignedInAccount account = signIn.device(prompt);

        assertThat(account.email()).isEqualTo(sandbox.account().email());
        assertThat(store.load("default")).isPresent();
        assertThat(prompt.shown).anySatisfy(line -> assertThat(line)
                .startsWith("device " + sandbox.issuerUrl() + "/codex/device " + prompt.userCode.getNow(null))
                .endsWith("PT15M"));
        assertThat(sandbox.journal().count(Endpoint.DEVICE_TOKEN)).isGreaterThanOrEqualTo(3);
        JournalEntry start = sandbox.journal().last(Endpoint.DEVICE_USERCODE);
        assertThat(start.header("Content-Type")).isEqualTo("application/json");
        assertThat(start.body()).isEqualTo("{\"client_id\":\"app_EMoamEEZ73f0CkXaXp7hrann\"}");
        JournalEntry poll = sandbox.journal().last(Endpoint.DEVICE_TOKEN);
        assertThat(poll.header("Content-Type")).isEqualTo("application/json");
        assertThat(poll.body()).contains("\"device_auth_id\"").contains("\"user_code\"");
        JournalEntry exchange = sandbox.journal().last(Endpoint.TOKEN_AUTHORIZATION_CODE);
        assertThat(exchange.body()).endsWith("&redirect_uri=" + enc(sandbox.issuerUrl() + "/deviceauth/callback"));
    }

    @Test
    void aDeviceCodeTheIssuerDeclaresExpiredEndsTheSignIn() {
        try (Sandbox sandbox = Sandbox.builder().deviceCodeTtl(Duration.ofMillis(300)).deviceInterval(Duration.ZERO).start()) {
            SignIn signIn = signIn(sandbox.settings().build());

            assertThatThrownBy(() -> signIn.device(new RecordingPrompt())).isInstanceOf(LoginException.class)
                    .hasMessageContaining("device code expired");
            assertThat(sandbox.journal().count(Endpoint.TOKEN_AUTHORIZATION_CODE)).isZero();
        }
    }

    @Test
    void aDeviceCodeExpiresAfterFifteenMinutesOnTheClientsClock(Sandbox sandbox) {
        Instant start = Instant.parse("2026-12-04T12:00:00Z");
        Clock jumping = new Clock() {
            private int calls;

            @Override
            public synchronized Instant instant() {
                return start.plus(Duration.ofMinutes(8L * calls++));
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        SignIn signIn = signIn(settings(sandbox).clock(jumping).build());

        assertThatThrownBy(() -> signIn.device(new RecordingPrompt())).isInstanceOf(LoginException.class)
                .hasMessageContaining("expired").hasMessageContaining("15 min");
        assertThat(sandbox.journal().count(Endpoint.DEVICE_TOKEN)).isEqualTo(2);
    }

    @Test
    void aSlowDownOrA429MakesTheDevicePollFiveSecondsSlowerEachTime(Sandbox sandbox) {
        sandbox.faults().arm(Endpoint.DEVICE_TOKEN, Fault.status(429), 1);
        sandbox.faults().arm(Endpoint.DEVICE_TOKEN, new Fault.Status(400, "slow_down", "Slow down."), 1);
        RecordingPrompt prompt = new RecordingPrompt();
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        SignIn signIn = SignIn.builder(settings(sandbox).build()).transport(transport).store(store)
                .browser(BrowserLauncher.none())
                .pause((cancelled, interval) -> {
                    pauses.add(interval);
                    if (pauses.size() == 3) {
                        sandbox.approveDeviceCode(prompt.userCode.getNow(null));
                    }
                })
                .build();
        opened.add(signIn);

        SignedInAccount account = signIn.device(prompt);

        assertThat(account.email()).isEqualTo(sandbox.account().email());
        Duration first = SignIn.MIN_POLL_INTERVAL.plus(SignIn.SLOW_DOWN_STEP);
        assertThat(pauses).containsExactly(first, first.plusSeconds(5), first.plusSeconds(5));
        assertThat(sandbox.journal().count(Endpoint.DEVICE_TOKEN)).isEqualTo(4);
    }

    @Test
    void aDeniedDeviceSignInEndsClearly(Sandbox sandbox) {
        HttpClient browser = HttpClient.newHttpClient();
        RecordingPrompt prompt = RecordingPrompt.onDeviceCode((page, code) -> {
            try {
                browser.send(HttpRequest.newBuilder(page).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("user_code=" + code + "&decision=deny")).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        assertThatThrownBy(() -> signIn(sandbox).device(prompt)).isInstanceOf(LoginException.class)
                .hasMessageContaining("denied");
        assertThat(store.load("default")).isEmpty();
    }

    @Test
    void aDisabledDeviceLoginSaysWhereToTurnItOn(Sandbox sandbox) {
        sandbox.setDeviceLoginEnabled(false);

        assertThatThrownBy(() -> signIn(sandbox).device(new RecordingPrompt())).isInstanceOf(LoginException.class)
                .hasMessageContaining("ChatGPT settings → Security");
    }

    @Test
    void cancelStopsADevicePoll(Sandbox sandbox) throws Exception {
        CompletableFuture<SignedInAccount> flow = cancelledOnceShown(sandbox, SignIn::device, prompt -> prompt.userCode);

        assertThat(failureOf(flow)).isInstanceOf(LoginException.class).hasMessageContaining("cancelled");
    }

    // --- the store from settings, and secrets ---

    @Test
    void aCompletedSignInIsAdoptedByTheApplicationsCredentialsAndTheirListenersAreTold(Sandbox sandbox) {
        Settings settings = settings(sandbox).build();
        List<String> told = new CopyOnWriteArrayList<>();
        RefreshingCredentials app = RefreshingCredentials.builder(settings, store, HttpIssuer.create(transport, settings))
                .listener((profile, c) -> told.add(profile + ":" + c.accountId())).build();
        SignIn signIn = SignIn.builder(settings).transport(transport).credentials(app).browser(BrowserLauncher.none()).build();
        opened.add(signIn);

        SignedInAccount account = signIn.manual(RecordingPrompt.pasting(url -> paste(sandbox, url, PasteForm.QUERY_STRING, true)));

        assertThat(told).containsExactly("default:" + account.accountId());
        Credentials saved = store.load("default").orElseThrow();
        assertThat(app.credentials()).isSameAs(saved);
    }

    @Test
    void withoutAnInjectedStoreTheConfiguredOneIsUsed(Sandbox sandbox) {
        Settings settings = settings(sandbox).store("memory").build();
        try (SignIn signIn = SignIn.builder(settings).transport(transport).browser(BrowserLauncher.none()).build()) {
            RecordingPrompt prompt = RecordingPrompt.pasting(url -> paste(sandbox, url, PasteForm.QUERY_STRING, true));

            assertThat(signIn.manual(prompt).email()).isEqualTo(sandbox.account().email());
            assertThat(signIn.toString()).contains("store=memory");
        }
    }

    @Test
    void noCodeStateVerifierOrTokenAppearsInWhatTheUserOrALogSees(Sandbox sandbox) throws Exception {
        java.io.PrintStream stdout = System.out;
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            secretsStayHidden(sandbox, console);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private void secretsStayHidden(Sandbox sandbox, java.io.ByteArrayOutputStream console) throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> secrets = new ArrayList<>();

        RecordingPrompt prompt = new RecordingPrompt();
        SignIn signIn = signIn(sandbox);
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
        URI url = await(prompt.authorizeUrl);
        Map<String, String> q = Urls.query(url);
        String code = sandbox.mintAuthorizationCode(Urls.redirectUri(url), q.get("code_challenge"));
        RawHttp.Response page = RawHttp.get(Urls.redirectUri(url).getPort(),
                "/auth/callback?code=" + enc(code) + "&state=" + enc(q.get("state")));
        SignedInAccount account = await(flow);
        Credentials saved = store.load("default").orElseThrow();
        secrets.addAll(List.of(code, q.get("state"), saved.accessToken(), saved.refreshToken(), saved.idToken()));
        seen.addAll(List.of(page.body(), account.toString(), account.describe(), saved.toString(), signIn.toString()));
        seen.addAll(prompt.shown);

        // a refused paste and a refused code
        UnaryOperator<String> messageOf = pasted -> {
            try {
                signIn.manual(RecordingPrompt.pasting(u -> pasted));
                return "";
            } catch (LoginException e) {
                return e.getMessage() + " " + e;
            }
        };
        String foreign = "ac_SECRET_CODE_FOREIGN#st_SECRET_STATE_FOREIGN";
        seen.add(messageOf.apply(foreign));
        seen.add(messageOf.apply("ac_SECRET_CODE_REFUSED"));
        secrets.addAll(List.of("SECRET_CODE", "SECRET_STATE"));
        seen.add(console.toString(StandardCharsets.UTF_8)); // anything printed or logged meanwhile

        for (String text : seen) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
            // nothing that looks like a PKCE verifier, a state or a JWT segment either
            assertThat(Pattern.compile("[A-Za-z0-9_-]{40,}").matcher(text).find()).as(text).isFalse();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** base64url decoding for assertions. */
    static final class Base64Url {
        static byte[] decode(String s) {
            return java.util.Base64.getUrlDecoder().decode(s);
        }
    }
}
