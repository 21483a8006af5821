package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.config.Settings;
import dev.codexauth.error.LoginException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.testkit.Endpoint;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.InMemoryTokenStore;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole browser sign-in with a real headless Chromium: the sign-in opens the browser at the
 * authorize URL, the user clicks on the sandbox's consent page, the issuer redirects the browser to
 * the loopback callback, and the page the browser ends on tells the real outcome.
 */
class BrowserSignInTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().allowAnyLoopbackRedirectPort());

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path browserHome;
    private static ChromeDriver chromium;

    private InMemoryTokenStore store;
    private HttpTransport transport;
    private SignIn signIn;
    private CompletableFuture<URI> opened;

    @BeforeAll
    static void startChromium() throws Exception {
        browserHome = Files.createTempDirectory("codex-auth-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withEnvironment(Map.of("HOME", browserHome.toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + browserHome.resolve("profile"));
        chromium = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() throws Exception {
        if (chromium != null) {
            chromium.quit();
        }
        try (Stream<Path> files = Files.walk(browserHome)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void setUp(Sandbox sandbox) {
        store = new InMemoryTokenStore();
        Settings settings = sandbox.settings().callbackPort(0).loginTimeout(WAIT).build();
        transport = HttpTransport.create(settings);
        opened = new CompletableFuture<>();
        // "Opening the browser" hands the URL to the test, which drives Chromium like a user would.
        signIn = SignIn.builder(settings).transport(transport).store(store)
                .browser(url -> opened.complete(url)).build();
    }

    @AfterEach
    void tearDown() {
        signIn.close();
        transport.close();
    }

    @Test
    void clickingAllowSignsInAndTheBrowserSaysWho(Sandbox sandbox) throws Exception {
        RecordingPrompt prompt = new RecordingPrompt();
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(prompt));
        URI url = prompt.authorizeUrl.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(opened).isCompletedWithValue(url);
        assertThat(prompt.shown).contains("url opened=true");

        // a forged callback first: the browser is told, and the sign-in keeps waiting
        chromium.get(Urls.redirectUri(url) + "?code=forged&state=forged");
        assertThat(chromium.findElement(By.tagName("body")).getText()).contains("State mismatch");
        assertThat(flow).isNotDone();

        chromium.get(url.toString());
        assertThat(chromium.findElement(By.id("account")).getText()).contains(sandbox.account().email());
        chromium.findElement(By.id("allow")).click();
        new WebDriverWait(chromium, WAIT).until(ExpectedConditions.titleIs("Signed in to Codex"));

        assertThat(chromium.getCurrentUrl()).startsWith(Urls.redirectUri(url) + "?code=");
        assertThat(chromium.findElement(By.id("message")).getText())
                .isEqualTo("Signed in as " + sandbox.account().email() + " (" + sandbox.account().planType()
                        + " plan, account " + sandbox.account().accountId()
                        + "). You can close this tab and return to the terminal.");
        SignedInAccount account = flow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(account.accountId()).isEqualTo(sandbox.account().accountId());
        assertThat(store.load("default")).hasValueSatisfying(c -> assertThat(c.accountId())
                .isEqualTo(sandbox.account().accountId()));
        assertThat(sandbox.journal().count(Endpoint.TOKEN_AUTHORIZATION_CODE)).isEqualTo(1);
    }

    @Test
    void clickingDenyEndsTheSignInAndTheBrowserSaysSo(Sandbox sandbox) throws Exception {
        CompletableFuture<SignedInAccount> flow = CompletableFuture.supplyAsync(() -> signIn.browser(new RecordingPrompt()));
        URI url = opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        chromium.get(url.toString());
        chromium.findElement(By.id("deny")).click();
        new WebDriverWait(chromium, WAIT).until(ExpectedConditions.titleIs("Sign-in failed"));

        assertThat(chromium.findElement(By.id("message")).getText()).contains("denied");
        try {
            flow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the sign-in should have failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LoginException.class).hasMessageContaining("denied");
        }
        assertThat(store.load("default")).isEmpty();
        assertThat(sandbox.journal().count(Endpoint.TOKEN_AUTHORIZATION_CODE)).isZero();
    }
}
