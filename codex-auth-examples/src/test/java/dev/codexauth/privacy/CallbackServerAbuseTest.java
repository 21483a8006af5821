package dev.codexauth.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.BrowserLauncher;
import dev.codexauth.http.auth.SignIn;
import dev.codexauth.http.auth.SignInPrompt;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxExtension;
import dev.codexauth.token.InMemoryTokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The loopback callback server under abuse from other programs on the machine: floods of forged or
 * bogus requests, enormous query strings, clients that start a request and never finish it. None of
 * them may end the sign-in, and none may keep the real callback (the browser's, with the right state)
 * from completing it.
 */
@Timeout(90)
class CallbackServerAbuseTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.create(Sandbox.builder().allowAnyLoopbackRedirectPort());

    private final List<Socket> slowClients = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private HttpTransport transport;
    private SignIn signIn;

    @BeforeEach
    void setUp(Sandbox sandbox) {
        Settings settings = sandbox.settings().callbackPort(0).loginTimeout(Duration.ofSeconds(60)).build();
        transport = HttpTransport.create(settings);
        signIn = SignIn.builder(settings).transport(transport).store(new InMemoryTokenStore())
                .browser(BrowserLauncher.none()).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Socket s : slowClients) {
            s.close();
        }
        pool.shutdownNow();
        signIn.close();
        transport.close();
    }

    /** Starts a browser sign-in and returns its authorize URL once shown. */
    private URI start(CompletableFuture<SignedInAccount> flow) throws Exception {
        CompletableFuture<URI> shown = new CompletableFuture<>();
        flow.completeAsync(() -> signIn.browser(new SignInPrompt() {
            @Override
            public void showAuthorizeUrl(URI url, boolean browserOpened) {
                shown.complete(url);
            }

            @Override
            public void showDeviceCode(URI page, String userCode, Duration validFor) {
            }

            @Override
            public String readPasted(String instruction) {
                return null;
            }
        }));
        return shown.get(30, TimeUnit.SECONDS);
    }

    /** One raw HTTP/1.1 request; the status line's code, or -1 when the server closed without answering. */
    private static int request(int port, String target) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
        } catch (java.net.SocketException e) {
            return -1;
        }
    }

    /** A client that sends half a request line and then nothing, ever. */
    private void slowClient(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        slowClients.add(s);
        s.getOutputStream().write("GET /auth/callback?code=".getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int redirectPort(URI authorizeUrl) {
        return URI.create(Journey.query(authorizeUrl).get("redirect_uri")).getPort();
    }

    @Test
    void floodsOfForgedRequestsHugeQueriesAndSlowClientsDoNotStopTheRealCallback(Sandbox sandbox) throws Exception {
        CompletableFuture<SignedInAccount> flow = new CompletableFuture<>();
        URI url = start(flow);
        Map<String, String> q = Journey.query(url);
        int port = redirectPort(url);

        // clients that never finish their request, started first so they hold their connections throughout
        for (int i = 0; i < 8; i++) {
            slowClient(port);
        }
        // a flood of forged callbacks (wrong state), missing codes, other paths and methods, from 16 threads at once
        List<Future<Integer>> flood = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String target = switch (i % 4) {
                case 0 -> "/auth/callback?code=forged" + i + "&state=forged" + i;
                case 1 -> "/auth/callback?state=" + enc(q.get("state")); // right state, no code
                case 2 -> "/favicon.ico";
                default -> "/auth/callback?code=x&state=" + "%zz".repeat(i);
            };
            flood.add(pool.submit(() -> request(port, target)));
        }
        // an enormous query string (2 MB)
        flood.add(pool.submit(() -> request(port, "/auth/callback?code=huge&state=" + "A".repeat(2_000_000))));
        for (Future<Integer> f : flood) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isNotEqualTo(200);
        }
        assertThat(flow).isNotDone(); // none of it ended the sign-in

        // the browser's callback still gets through, and the sign-in completes
        String code = sandbox.mintAuthorizationCode(URI.create(q.get("redirect_uri")), q.get("code_challenge"));
        assertThat(request(port, "/auth/callback?code=" + enc(code) + "&state=" + enc(q.get("state")))).isEqualTo(200);
        assertThat(flow.get(30, TimeUnit.SECONDS).email()).isEqualTo(sandbox.account().email());
    }

    @Test
    void aClientThatNeverFinishesItsRequestDoesNotBlockTheRealCallback(Sandbox sandbox) throws Exception {
        CompletableFuture<SignedInAccount> flow = new CompletableFuture<>();
        URI url = start(flow);
        Map<String, String> q = Journey.query(url);
        int port = redirectPort(url);
        slowClient(port);
        String code = sandbox.mintAuthorizationCode(URI.create(q.get("redirect_uri")), q.get("code_challenge"));
        assertThat(request(port, "/auth/callback?code=" + enc(code) + "&state=" + enc(q.get("state")))).isEqualTo(200);
        assertThat(flow.get(30, TimeUnit.SECONDS)).isNotNull();
    }
}
