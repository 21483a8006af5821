package dev.codexauth.privacy;

import dev.codexauth.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.codexauth.auth.AuthorizationResponse;
import dev.codexauth.auth.TokenClaims;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.LoginException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.UsageLimitException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.BrowserLauncher;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.auth.SignIn;
import dev.codexauth.http.auth.SignInPrompt;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Fault;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.LogoutResult;
import dev.codexauth.token.TokenStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure path we could reach, each triggered for real, and each failure's message, toString
 * and whole stack trace (causes included) scanned for the tokens, codes and verifiers in play.
 */
class SecretsOutOfReachTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().allowAnyLoopbackRedirectPort()
            .autoApprove(true).clock(CLOCK));

    @TempDir
    Path home;

    private Sandbox sandbox;
    private Journey journey;
    private Credentials login;
    private SecretScan secrets;
    private final List<Throwable> failures = new ArrayList<>();

    @BeforeEach
    void setUp(Sandbox sandbox) {
        this.sandbox = sandbox;
        journey = new Journey(Journey.defaults(sandbox.settings(), home).requestLogging(true).debug(true).build());
        login = sandbox.mintCredentials();
        journey.store().save("default", login);
        secrets = new SecretScan().add(login);
    }

    @AfterEach
    void tearDown() {
        journey.close();
        // whatever failed, no secret reached the logs or other files either
        secrets.add(journey.store().load("default").orElse(null));
        secrets.assertAbsentFromFilesUnder(List.of(home), java.util.Set.of(
                journey.settings().authDir().resolve("openai.json").toAbsolutePath().normalize()));
        secrets.assertAbsentFrom("the debug console", journey.console());
    }

    /** Runs a failing action, checks it failed as documented, and scans the failure. */
    private <T extends Throwable> T failure(Class<T> expected, Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).isInstanceOf(expected);
        secrets.assertAbsentFrom(thrown);
        return expected.cast(thrown);
    }

    private void ask() {
        journey.ask("Hello?");
    }

    @Test
    void backendFailuresCarryNoToken() {
        List<Supplier<Fault>> faults = List.of(Fault::usageLimit, Fault::usageLimitAs404, Fault::usageNotIncluded,
                () -> Fault.status(500), Fault::overloaded, Fault::cutMidEvent,
                () -> Fault.responseFailed("context_length_exceeded", "Your input exceeds the context window."),
                () -> Fault.errorEvent("server_error", "Something broke."), Fault::closeWithoutResponse);
        for (Supplier<Fault> fault : faults) {
            sandbox.faults().arm(Endpoint.RESPONSES, fault.get(), 3);
            failure(CodexAuthException.class, this::ask);
            sandbox.faults().clear();
        }
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 1);
        assertThat(failure(UsageLimitException.class, this::ask).getMessage()).contains("usage limit");
    }

    @Test
    void aRevokedLoginAndARefusedRefreshCarryNoToken() {
        ask();
        sandbox.revokeAllTokens(); // the backend now answers 401 and the refresh is refused
        failure(SignInRequiredException.class, this::ask);
        CLOCK.advance(Duration.ofHours(3));
        failure(SignInRequiredException.class, () -> journey.credentials().credentials());
    }

    @Test
    void aRefreshRefusedAsReusedCarriesNoToken() {
        Credentials spent = sandbox.mintCredentials();
        secrets.add(spent);
        HttpIssuer issuer = HttpIssuer.create(HttpTransport.create(journey.settings()), journey.settings());
        TokenResponse fresh = issuer.refresh(spent.refreshToken());
        secrets.add(fresh.accessToken()).add(fresh.refreshToken()).add(fresh.idToken());
        assertThat(fresh.toString()).satisfies(s -> secrets.assertAbsentFrom("TokenResponse.toString", s));
        failure(CodexAuthException.class, () -> issuer.refresh(spent.refreshToken())); // single use: reused
        failure(CodexAuthException.class, () -> issuer.refresh("rt_made_up_by_an_attacker_0123456789"));
    }

    @Test
    void aFailedRevocationOnLogoutCarriesNoToken() {
        sandbox.faults().arm(Endpoint.REVOKE, Fault.status(500), 5);
        LogoutResult result = journey.logout();
        assertThat(result.deleted()).isTrue();
        secrets.assertAbsentFrom("LogoutResult", result + "\n" + result.message());
    }

    @Test
    void corruptTokenFilesCarryNoToken() throws Exception {
        Path file = journey.settings().authDir().resolve("openai.json");
        String record = Files.readString(file);
        List<String> damaged = List.of(record.substring(0, record.length() / 2), // cut mid-token
                record.replace("\"oauth\"", "\"api\""), record.replace("\"expires\"", "\"expires\":\"soon\",\"x\""),
                record.replace("{", "[").replace("}", "]"), "\u0000" + record);
        for (String content : damaged) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            try (TokenStore store = dev.codexauth.token.TokenStores.open(journey.settings())) {
                Throwable thrown = catchThrowable(() -> store.load("default"));
                if (thrown != null) {
                    assertThat(thrown).isInstanceOf(CodexAuthException.class);
                    secrets.assertAbsentFrom(thrown);
                }
            }
        }
        // unreadable files were moved aside, owner-only, in the store's own directory...
        List<Path> aside = SecretScan.files(file.getParent()).stream()
                .filter(p -> p.getFileName().toString().startsWith("openai.json.corrupt-")).toList();
        assertThat(aside).isNotEmpty();
        for (Path p : aside) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        }
        // ...and a logout deletes them with the login: they may hold working tokens
        assertThat(journey.logout().deleted()).isTrue();
        assertThat(aside).noneMatch(Files::exists);
    }

    @Test
    void malformedTokensCarryNoToken() {
        String payloadless = login.accessToken().substring(0, login.accessToken().indexOf('.')) + ".!!notbase64!!."
                + "SECRETsignature0123456789";
        String notJson = "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"leak\":\"" + login.refreshToken() + "\"").getBytes(StandardCharsets.UTF_8))
                + ".SECRETsignature0123456789";
        secrets.add(payloadless).add(notJson);
        for (String bad : List.of(payloadless, notJson, login.refreshToken(), login.accessToken() + ".extra")) {
            failure(CodexAuthException.class, () -> TokenClaims.of(bad, null));
            failure(CodexAuthException.class, () -> TokenClaims.of(login.accessToken(), bad));
        }
    }

    @Test
    void signInFailuresCarryNoCodeStateOrVerifier() {
        Settings settings = journey.settings();
        try (HttpTransport transport = HttpTransport.create(settings)) {
            Journey.RecordingRandom random = new Journey.RecordingRandom();
            // a pasted address from another sign-in (state mismatch), carrying a real code
            List<URI> shown = new ArrayList<>();
            String[] pasted = new String[1];
            SignInPrompt prompt = new SignInPrompt() {
                @Override
                public void showAuthorizeUrl(URI url, boolean browserOpened) {
                    shown.add(url);
                }

                @Override
                public void showDeviceCode(URI page, String userCode, Duration validFor) {
                }

                @Override
                public String readPasted(String instruction) {
                    Map<String, String> q = Journey.query(shown.get(shown.size() - 1));
                    String code = sandbox.mintAuthorizationCode(URI.create(q.get("redirect_uri")), q.get("code_challenge"));
                    secrets.add(code);
                    return pasted[0].replace("CODE", code).replace("STATE", q.get("state"));
                }
            };
            try (SignIn signIn = SignIn.builder(settings).transport(transport).store(journey.store())
                    .browser(BrowserLauncher.none()).random(random).build()) {
                pasted[0] = "http://localhost:1455/auth/callback?code=CODE&state=someone-elses-state-0123456789";
                assertThat(failure(LoginException.class, () -> signIn.manual(prompt)).getMessage()).contains("state");
                // the right state but a code for another challenge: the issuer refuses the exchange
                pasted[0] = "http://localhost:1455/auth/callback?code=ac_forged_code_0123456789abcdef&state=STATE";
                secrets.add("ac_forged_code_0123456789abcdef");
                failure(CodexAuthException.class, () -> signIn.manual(prompt));
                // the issuer reports an error
                pasted[0] = "http://localhost:1455/auth/callback?error=access_denied&error_description=no&state=STATE";
                failure(LoginException.class, () -> signIn.manual(prompt));
                // garbage
                pasted[0] = "this is not an address but it is long";
                failure(LoginException.class, () -> signIn.manual(prompt));
            }
            random.recorded().forEach(secrets::add);
            secrets.assertAbsentFrom("AuthorizationResponse.toString",
                    AuthorizationResponse.fromQuery("code=ac_forged_code_0123456789abcdef&state=someone-elses-state-0123456789").toString());
        }
    }

    @Test
    void valueObjectsNeverShowTheirSecrets() {
        ask();
        journey.remember();
        Credentials now = journey.store().load("default").orElseThrow();
        secrets.add(now);
        List<Object> shown = List.of(now, login, journey.settings(), journey.credentials(), journey.store(),
                journey.client(), TokenClaims.of(now.accessToken(), now.idToken()),
                new TokenResponse(now.accessToken(), now.refreshToken(), now.idToken(), Duration.ofHours(1)));
        for (Object o : shown) {
            secrets.assertAbsentFrom(o.getClass().getSimpleName() + ".toString", String.valueOf(o));
        }
    }

    @Test
    void theCliReportsFailuresWithoutTokensEvenWithItsDebugDetails() {
        Map<String, String> config = new java.util.LinkedHashMap<>(sandbox.environment());
        config.put(Settings.HOME, home.toString());
        config.put(Settings.STORE, "file");
        sandbox.revokeAllTokens();
        InProcessCli.Run refused = InProcessCli.run(config, "--debug", "ask", "Hello?");
        assertThat(refused.exit()).isEqualTo(3); // sign-in required
        secrets.assertAbsentFrom("codex-auth --debug ask (revoked)", refused.output());
        sandbox.reset();
        journey.store().save("default", login = sandbox.mintCredentials());
        secrets.add(login);
        sandbox.faults().arm(Endpoint.RESPONSES, Fault.usageLimit(), 1);
        InProcessCli.Run limited = InProcessCli.run(config, "--debug", "ask", "Hello?");
        assertThat(limited.exit()).isEqualTo(4); // usage limit
        secrets.assertAbsentFrom("codex-auth --debug ask (usage limit)", limited.output());
        InProcessCli.Run status = InProcessCli.run(config, "--debug", "status");
        secrets.assertAbsentFrom("codex-auth --debug status", status.output());
    }
}
