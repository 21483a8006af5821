package dev.codexauth.http.auth;

import dev.codexauth.auth.AuthorizationRequest;
import dev.codexauth.auth.AuthorizationResponse;
import dev.codexauth.auth.DeviceCode;
import dev.codexauth.auth.Issuer.DeviceApproval;
import dev.codexauth.auth.SignedInAccount;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.LoginException;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Signs a user in with their ChatGPT account and saves the login in the configured
 * {@link TokenStore} (SPEC §2-§3). Three ways, for three kinds of machine:
 * <ul>
 *   <li>{@link #browser(SignInPrompt)}: opens the browser and waits on a loopback callback server;
 *       falls back to {@linkplain #manual(SignInPrompt) pasting} when the callback ports are taken;</li>
 *   <li>{@link #manual(SignInPrompt)}: the user opens the URL anywhere and pastes where the browser
 *       ended (remote shells);</li>
 *   <li>{@link #device(SignInPrompt)}: the user enters a short code on another device (no browser,
 *       no way to paste).</li>
 * </ul>
 * Each returns who signed in. Every sign-in has its own state and PKCE pair; none of them, nor any
 * code or token, appears in a message, log line or {@code toString()}.
 *
 * <p>A completed sign-in is adopted in one way only: {@link RefreshingCredentials#signIn}, which saves it
 * under the store's lock, hands it out at once and tells the listeners. Pass the application's own
 * {@link Builder#credentials(RefreshingCredentials) credentials} so that it sees the new login at once.
 *
 * <pre>{@code
 * try (SignIn signIn = SignIn.builder(settings).build()) {
 *     SignedInAccount who = signIn.browser(SignInPrompt.console(System.out, reader));
 *     System.out.println("Signed in as " + who.describe());
 * }
 * }</pre>
 *
 * <p>One sign-in runs at a time per instance; {@link #cancel()} may be called from any thread.
 */
public final class SignIn implements AutoCloseable {

    /** The port the issuer knows the redirect URI by ({@link Settings#callbackPort()}'s default). */
    public static final int DEFAULT_CALLBACK_PORT = 1455;
    /** The only other port the issuer allow-lists ({@link Settings#callbackFallbackPort()}'s default). */
    public static final int FALLBACK_CALLBACK_PORT = 1457;
    /** RFC 8628 §3.5: after a {@code slow_down} (or 429, or a network failure), poll this much less often. */
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    /** How long a device code stays valid. */
    public static final Duration DEVICE_CODE_VALIDITY = Duration.ofMinutes(15);
    /** Never poll faster than this, whatever the issuer says. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(200);
    private static final int BIND_ATTEMPTS_AFTER_CANCEL = 10;
    private static final Duration BIND_RETRY_DELAY = Duration.ofMillis(100);

    private final Settings settings;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final TokenStore store;
    private final boolean ownsStore;
    private final HttpIssuer issuer;
    private final RefreshingCredentials credentials;
    private final Pause pause;
    private final BrowserLauncher browser;
    private final SecureRandom random;
    private final List<Integer> callbackPorts;
    private final Clock clock;
    private final AtomicReference<CompletableFuture<Void>> cancellation = new AtomicReference<>(new CompletableFuture<>());

    private SignIn(Builder b) {
        this.settings = b.settings;
        this.ownsTransport = b.transport == null;
        this.transport = ownsTransport ? HttpTransport.create(settings) : b.transport;
        TokenStore opened = b.credentials != null ? null : b.store;
        if (opened == null && b.credentials == null) {
            try {
                opened = TokenStores.open(settings);
            } catch (RuntimeException e) {
                if (ownsTransport) {
                    transport.close();
                }
                throw e;
            }
        }
        this.ownsStore = b.store == null && b.credentials == null;
        this.store = opened;
        this.issuer = HttpIssuer.create(transport, settings);
        this.credentials = b.credentials != null ? b.credentials
                : RefreshingCredentials.builder(settings, store, issuer).build();
        this.pause = b.pause != null ? b.pause : SignIn::pause;
        this.browser = b.browser != null ? b.browser : BrowserLauncher.system();
        this.random = b.random != null ? b.random : new SecureRandom();
        this.callbackPorts = b.callbackPorts != null ? b.callbackPorts : callbackPorts(settings);
        this.clock = settings.clock();
    }

    /** A sign-in configured by {@code settings}: issuer, client id, originator, workspace, ports, timeout, store. */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /** The callback ports to try, in order: the configured one, then the fallback (unless the same, or ephemeral). */
    static List<Integer> callbackPorts(Settings settings) {
        int first = settings.callbackPort();
        int fallback = settings.callbackFallbackPort();
        return first == 0 || fallback == first ? List.of(first) : List.of(first, fallback);
    }

    /**
     * Signs in through the browser: starts the loopback callback server, opens the browser at the
     * authorize URL (and shows it), waits for the redirect at most {@link Settings#loginTimeout()},
     * exchanges the code, saves the login, and shows the real outcome in the browser. When every
     * callback port is taken, even after asking an earlier sign-in of ours to stop, it says so and
     * continues as {@link #manual(SignInPrompt)}, with the same timeout and {@link #cancel()}.
     *
     * @throws LoginException when the sign-in is denied, times out, is cancelled, or the code is refused
     */
    public SignedInAccount browser(SignInPrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        CompletableFuture<Void> cancelled = begin();
        AtomicReference<AuthorizationRequest> request = new AtomicReference<>();
        Optional<CallbackServer> bound = bindCallbackServer(prompt,
                state -> request.get() != null && request.get().stateMatches(state));
        if (bound.isEmpty()) {
            return paste(prompt, cancelled);
        }
        try (CallbackServer server = bound.get()) {
            request.set(AuthorizationRequest.create(settings, AuthorizationRequest.loopbackRedirectUri(server.port()), random));
            cancelled.thenRun(() -> server.cancel(new LoginException("The sign-in was cancelled.")));
            URI url = request.get().url();
            prompt.showAuthorizeUrl(url, browser.open(url));
            prompt.waitingForBrowser(request.get().redirectUri(), settings.loginTimeout());
            AuthorizationResponse response = server.awaitResponse(settings.loginTimeout());
            if (response.isError()) {
                throw new LoginException(response.failureMessage());
            }
            try {
                SignedInAccount account = complete(response.code(), request.get().pkce().verifier(),
                        request.get().redirectUri());
                server.finish(new CallbackServer.Page(200, "Signed in to Codex",
                        "Signed in as " + account.describe() + ". You can close this tab and return to the terminal."));
                return account;
            } catch (RuntimeException e) {
                String reason = e instanceof CodexAuthException ? e.getMessage() : "The sign-in could not be completed.";
                server.finish(new CallbackServer.Page(500, "Sign-in failed", reason + " Return to the terminal."));
                throw e;
            }
        }
    }

    /**
     * Signs in by pasting: shows the authorize URL (for a browser anywhere), reads what the user pastes
     * (the address the browser ended on, {@code code#state}, {@code code=..&state=..}, or a bare code),
     * checks the state whenever one is present, exchanges the code and saves the login. It waits for
     * the paste at most {@link Settings#loginTimeout()}, and {@link #cancel()} ends the wait: the prompt's
     * {@link SignInPrompt#readPasted} runs on a thread of its own, which is interrupted then.
     *
     * @throws LoginException when the input is unusable, belongs to another sign-in, or the code is
     *         refused, or nothing was pasted in time, or the sign-in was cancelled
     */
    public SignedInAccount manual(SignInPrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        return paste(prompt, begin());
    }

    private SignedInAccount paste(SignInPrompt prompt, CompletableFuture<Void> cancelled) {
        int port = callbackPorts.get(0) == 0 ? DEFAULT_CALLBACK_PORT : callbackPorts.get(0);
        AuthorizationRequest request = AuthorizationRequest.create(settings,
                AuthorizationRequest.loopbackRedirectUri(port), random);
        prompt.showAuthorizeUrl(request.url(), false);
        String pasted = readPasted(prompt, "After approving, your browser lands on a page that may fail to load. "
                + "Copy the whole address from its address bar (" + request.redirectUri() + "?code=...) and paste it here:",
                cancelled);
        if (pasted == null) {
            throw new LoginException("No input was pasted; the sign-in was stopped.");
        }
        AuthorizationResponse response = AuthorizationResponse.fromPasted(pasted);
        if (response.isError()) {
            throw new LoginException(response.failureMessage());
        }
        if (response.state() != null && !request.stateMatches(response.state())) {
            throw new LoginException("The pasted address belongs to a different sign-in (its state does not match "
                    + "this one). Open the URL shown above, approve, and paste the address that one ends on.");
        }
        return complete(response.code(), request.pkce().verifier(), request.redirectUri());
    }

    /**
     * Signs in with a device code: shows {@code {issuer}/codex/device} and a code for the user to enter
     * on any device, polls until they approve (or {@link #DEVICE_CODE_VALIDITY} passes), exchanges the
     * code and saves the login.
     *
     * @throws LoginException when device sign-in is turned off for the account (ChatGPT settings →
     *         Security), the code expires, or the sign-in is cancelled
     */
    public SignedInAccount device(SignInPrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        CompletableFuture<Void> cancelled = begin();
        DeviceCode code = issuer.requestDeviceCode();
        Instant deadline = clock.instant().plus(DEVICE_CODE_VALIDITY);
        prompt.showDeviceCode(code.verificationUri(), code.userCode(), DEVICE_CODE_VALIDITY);
        Duration interval = code.interval().compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : code.interval();
        while (true) {
            Optional<DeviceApproval> approval;
            try {
                approval = issuer.pollDeviceCode(code);
            } catch (TransientException e) {
                // slow_down, 429 or the network: the code may still be approved, but poll less often (RFC 8628)
                approval = Optional.empty();
                interval = interval.plus(SLOW_DOWN_STEP);
                if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(interval) > 0) {
                    interval = e.retryAfter().get();
                }
            }
            if (approval.isPresent()) {
                return complete(approval.get().authorizationCode(), approval.get().codeVerifier(),
                        issuer.deviceRedirectUri());
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new LoginException("The device code expired before the sign-in was approved ("
                        + DEVICE_CODE_VALIDITY.toMinutes() + " min). Start the sign-in again.");
            }
            pause.pause(cancelled, interval);
        }
    }

    /** Stops the sign-in in progress, if any: it fails with "cancelled" and its server closes. */
    public void cancel() {
        cancellation.get().complete(null);
    }

    /** Closes the transport and the store when this instance opened them. */
    @Override
    public void close() {
        cancel();
        if (ownsStore) {
            store.close();
        }
        if (ownsTransport) {
            transport.close();
        }
    }

    private CompletableFuture<Void> begin() {
        CompletableFuture<Void> fresh = new CompletableFuture<>();
        cancellation.set(fresh);
        return fresh;
    }

    /** Exchanges the code, adopts the login (saved under the store's lock, listeners told), and says who signed in. */
    private SignedInAccount complete(String code, String verifier, URI redirectUri) {
        TokenResponse tokens = issuer.exchangeCode(code, verifier, redirectUri);
        Credentials login = tokens.toCredentials(clock);
        SignedInAccount account = SignedInAccount.of(login);
        credentials.signIn(login);
        return account;
    }

    /**
     * Reads the paste on a thread of its own, so that the login timeout and {@link #cancel()} end the
     * wait even while the prompt blocks (a terminal read cannot be interrupted otherwise).
     */
    private String readPasted(SignInPrompt prompt, String instruction, CompletableFuture<Void> cancelled) {
        CompletableFuture<String> pasted = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                pasted.complete(prompt.readPasted(instruction));
            } catch (Throwable t) {
                pasted.completeExceptionally(t);
            }
        }, "codex-auth-paste");
        // A daemon: a prompt blocked on a terminal that is never answered must not keep the JVM alive.
        reader.setDaemon(true);
        reader.start();
        Duration timeout = settings.loginTimeout();
        try {
            CompletableFuture.anyOf(pasted, cancelled).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (pasted.isDone()) {
                return pasted.join();
            }
            throw new LoginException("The sign-in was cancelled.");
        } catch (TimeoutException e) {
            throw new LoginException("Nothing was pasted within " + human(timeout) + ". Start the sign-in again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The sign-in was cancelled.");
        } catch (ExecutionException | java.util.concurrent.CompletionException e) {
            if (pasted.isCompletedExceptionally() && e.getCause() instanceof RuntimeException r) {
                throw r; // the prompt's own failure, e.g. its input could not be read
            }
            throw new LoginException("The sign-in was cancelled.");
        } finally {
            if (!pasted.isDone()) {
                reader.interrupt();
            }
        }
    }

    private static String human(Duration d) {
        return d.toMinutes() >= 1 && d.toSecondsPart() == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }

    private Optional<CallbackServer> bindCallbackServer(SignInPrompt prompt, java.util.function.Predicate<String> state) {
        List<Integer> busy = new ArrayList<>();
        for (int port : callbackPorts) {
            Optional<CallbackServer> server;
            try {
                server = tryBind(port, state);
            } catch (LoginException e) {
                prompt.notice(e.getMessage() + " Continuing with manual sign-in.");
                return Optional.empty();
            }
            if (server.isEmpty()) {
                // Perhaps an earlier sign-in of ours still waits there: ask it to stop, as the Codex CLI does.
                sendCancel(port);
                for (int attempt = 0; attempt < BIND_ATTEMPTS_AFTER_CANCEL && server.isEmpty(); attempt++) {
                    sleepQuietly(BIND_RETRY_DELAY);
                    server = tryBind(port, state);
                }
            }
            if (server.isPresent()) {
                if (!busy.isEmpty()) {
                    prompt.notice("Port " + join(busy) + " is in use by another program; using port "
                            + server.get().port() + " for the sign-in callback.");
                }
                return server;
            }
            busy.add(port);
        }
        prompt.notice("Port " + join(busy) + (busy.size() > 1 ? " are" : " is") + " in use by other programs, so "
                + "the browser cannot hand the sign-in back automatically. Continuing with manual sign-in: "
                + "approve in the browser, then paste the address it ends on.");
        return Optional.empty();
    }

    private static Optional<CallbackServer> tryBind(int port, java.util.function.Predicate<String> state) {
        try {
            return Optional.of(CallbackServer.start(port, state));
        } catch (CallbackServer.PortInUseException e) {
            return Optional.empty();
        }
    }

    /** {@code GET /cancel} to whatever listens on the port; failures are expected and ignored. */
    static void sendCancel(int port) {
        for (var address : CallbackServer.loopbackAddresses()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 500);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /cancel HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                in.read(new byte[256]); // wait for the answer: the earlier server has cancelled when it replies
            } catch (IOException e) {
                // nothing listening there, or not one of ours: binding will tell
            }
        }
    }

    /** Waits between device polls; ends early with "cancelled". Tests pass one that records instead. */
    @FunctionalInterface
    interface Pause {
        void pause(CompletableFuture<Void> cancelled, Duration interval);
    }

    private static void pause(CompletableFuture<Void> cancelled, Duration interval) {
        try {
            cancelled.get(interval.toMillis(), TimeUnit.MILLISECONDS);
            throw new LoginException("The sign-in was cancelled.");
        } catch (TimeoutException e) {
            // the interval passed: poll again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The sign-in was cancelled.");
        } catch (ExecutionException e) {
            throw new LoginException("The sign-in was cancelled.");
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The sign-in was cancelled.");
        }
    }

    private static String join(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(" and "));
    }

    @Override
    public String toString() {
        return "SignIn[issuer=" + settings.issuer() + (store != null ? ", store=" + store.name() : "")
                + ", profile=" + credentials.profile() + "]";
    }

    /** Settings plus the parts a program may share or replace. Not thread-safe. */
    public static final class Builder {
        private final Settings settings;
        private HttpTransport transport;
        private TokenStore store;
        private BrowserLauncher browser;
        private SecureRandom random;
        private List<Integer> callbackPorts;
        private RefreshingCredentials credentials;
        private Pause pause;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The application's shared transport (not closed by the sign-in); default: one of its own. */
        public Builder transport(HttpTransport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * Where the login is saved (not closed by the sign-in), under {@link Settings#profile()}; default:
         * {@link TokenStores#open(Settings)}. Unused when {@link #credentials} are given.
         */
        public Builder store(TokenStore store) {
            this.store = store;
            return this;
        }

        /**
         * The application's credentials, which adopt the new login through {@link RefreshingCredentials#signIn}:
         * saved in their store under their profile, handed out at once, their listeners told. Default: a
         * {@code RefreshingCredentials} of this sign-in's own over {@link #store} and {@link Settings#profile()}.
         */
        public Builder credentials(RefreshingCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** How to open the browser; default {@link BrowserLauncher#system()}. */
        public Builder browser(BrowserLauncher browser) {
            this.browser = browser;
            return this;
        }

        /** The source of state and PKCE verifiers; default a new {@link SecureRandom}. */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** The callback ports to try in order (tests); default {@link Settings#callbackPort()}, then {@link Settings#callbackFallbackPort()}. */
        Builder callbackPorts(int... ports) {
            if (ports.length == 0) {
                throw new IllegalArgumentException("at least one port");
            }
            this.callbackPorts = java.util.Arrays.stream(ports).boxed().toList();
            return this;
        }

        /** How to wait between device polls (tests). */
        Builder pause(Pause pause) {
            this.pause = Objects.requireNonNull(pause, "pause");
            return this;
        }

        public SignIn build() {
            return new SignIn(this);
        }
    }
}
