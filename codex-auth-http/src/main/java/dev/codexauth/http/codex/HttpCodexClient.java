package dev.codexauth.http.codex;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexauth.codex.ClientIdentity;
import dev.codexauth.codex.CodexClient;
import dev.codexauth.codex.CodexErrors;
import dev.codexauth.codex.CodexHeaders;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.PreparedRequest;
import dev.codexauth.codex.ReplyHeaders;
import dev.codexauth.codex.RequestTransformer;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseListener;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.codex.Usage;
import dev.codexauth.codex.logging.Redactor;
import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.TransientException;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.instructions.CatalogKey;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.retry.Backoff;
import dev.codexauth.sse.SseParser;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CodexClient} over the shared {@link HttpTransport} (Apache HttpClient 5): it takes the
 * current login from the {@link CredentialsProvider}, the model's description and instructions from
 * the {@link InstructionSource}, applies the request rules of SPEC §7 ({@link RequestTransformer}),
 * sends the request, and reads the answer as it streams.
 *
 * <p>Failures before the first byte (5xx, a broken connection) are retried with bounded exponential
 * backoff and jitter; a 401 asks the provider for a refreshed login and retries once. Timeouts: the
 * transport's connect timeout, the first-byte timeout until the response headers, and the idle
 * timeout between events. Opt-in request logs and debug lines (SPEC §9) pass through a
 * {@link Redactor}. Thread-safe; {@link #close()} releases the transport if this client created it.
 */
public final class HttpCodexClient implements CodexClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCodexClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Settings settings;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final CredentialsProvider credentials;
    private final InstructionSource instructions;
    private final ClientIdentity identity;
    private final RequestTransformer transformer;
    private final RequestLog log;
    private final Watchdog watchdog;
    private final ExecutorService async;
    private final Backoff retries;
    private final int maxEventSize;

    private HttpCodexClient(Builder b) {
        settings = b.settings;
        ownsTransport = b.transport == null;
        transport = ownsTransport ? HttpTransport.create(settings) : b.transport;
        credentials = Objects.requireNonNull(b.credentials, "credentials");
        instructions = Objects.requireNonNull(b.instructions, "instructions");
        identity = b.identity != null ? b.identity : ClientIdentity.of(settings);
        transformer = new RequestTransformer(settings);
        log = new RequestLog(settings, b.console != null ? b.console : System.err);
        Duration first = b.retryBackoff.compareTo(MAX_RETRY_WAIT) < 0 ? b.retryBackoff : MAX_RETRY_WAIT;
        retries = new Backoff(b.maxAttempts, first, MAX_RETRY_WAIT);
        maxEventSize = b.maxEventSize;
        watchdog = b.watchdog != null ? b.watchdog : new Watchdog();
        async = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "codex-auth-stream-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder over {@code settings} (endpoints, identity, timeouts, logging). */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    @Override
    public ResponseStream stream(ResponsesRequest request) {
        Credentials creds = credentials.credentials();
        CatalogKey key = new CatalogKey(creds.accountId(), identity.version());
        ModelCatalog catalog = instructions.catalog(key);
        String url = settings.baseUrl() + "/codex/responses";
        RequestLog.Entry entry = log.begin(url, Redactor.standard().with(creds));
        entry.stage("before-transform", () -> Map.of("model", request.model(), "body", request.body()));
        PreparedRequest prepared = transformer.transform(request, catalog);
        entry.stage("after-transform", () -> Map.of("model", prepared.model().slug(), "body", prepared.body()));
        entry.debug("POST " + url + " model=" + prepared.model().slug() + (prepared.lite() ? " (responses lite)" : ""));
        byte[] body = prepared.bodyJson(); // the one serialization; the tree is not copied for it
        CodexErrors.Context context = new CodexErrors.Context(prepared.model().slug(), catalog.listedSlugs(), identity,
                settings.clock());

        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            HttpPost post = new HttpPost(URI.create(url));
            CodexHeaders.forResponses(prepared, creds, identity).forEach(post::setHeader);
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            post.setConfig(requestConfig());
            Watchdog.Watch firstByte = watchdog.watch(settings.firstByteTimeout(), post::cancel);
            CloseableHttpResponse response;
            try {
                response = execute(post);
            } catch (IOException e) {
                firstByte.cancel();
                if (firstByte.fired()) {
                    throw logged(entry, new TransientException("The Codex backend sent no answer within "
                            + settings.firstByteTimeout().toMillis() + " ms (the first-byte timeout, " + Settings.FIRST_BYTE_TIMEOUT
                            + "). Try again, or raise the timeout.", null));
                }
                TransientException failure = new TransientException("Could not reach the Codex backend at "
                        + settings.baseUrl().getHost() + " (" + e.getClass().getSimpleName()
                        + "). Check the network connection and try again.", null);
                if (attempt < retries.attempts()) {
                    entry.debug("attempt " + attempt + " failed (" + e.getClass().getSimpleName() + "), retrying");
                    LOG.debug("Codex request attempt {} failed ({}), retrying", attempt, e.getClass().getSimpleName());
                    backoff(attempt, failure);
                    continue;
                }
                throw logged(entry, failure);
            }
            firstByte.cancel();
            Map<String, String> headers = headers(response);
            ReplyHeaders reply = ReplyHeaders.from(headers::get, settings.clock());
            int status = response.getCode();
            if (status >= 200 && status < 300) {
                RequestLog.Entry opened = entry;
                try {
                    noticeCatalogChange(key, catalog, reply);
                    opened.stage("response", () -> Map.of("status", status, "headers", opened.redactor().headers(headers)));
                    opened.debug("HTTP " + status + " request-id=" + reply.requestId());
                    return new HttpResponseStream(post, response, watchdog, settings.idleTimeout(), opened,
                            settings.requestLogging(), reply, maxEventSize);
                } catch (IOException e) {
                    post.cancel();
                    closeQuietly(response);
                    throw logged(entry, new TransientException("The answer stream of the Codex backend could not be opened ("
                            + e.getClass().getSimpleName() + "). Try again.", null));
                } catch (RuntimeException | Error e) {
                    // whatever failed, the connection must not be left open (nor drained: the answer is unread)
                    post.cancel();
                    closeQuietly(response);
                    throw e;
                }
            }
            String errorBody = readSmall(response);
            closeQuietly(response);
            RequestLog.Entry failed = entry;
            failed.stage("error-response", () -> Map.of("status", status, "headers", failed.redactor().headers(headers),
                    "body", errorBody));
            entry.debug("HTTP " + status + " request-id=" + reply.requestId());
            if (status == 401 && !refreshed) {
                refreshed = true;
                creds = credentials.afterUnauthorized(creds);
                entry = log.begin(url, entry.redactor().with(creds));
                attempt--; // a refreshed login is not a retry of a failure
                continue;
            }
            CodexAuthException failure = CodexErrors.http(status, headers::get, errorBody, context);
            if (failure instanceof TransientException t && status >= 500 && attempt < retries.attempts()) {
                LOG.debug("Codex request attempt {} got HTTP {}, retrying", attempt, status);
                backoff(attempt, t);
                continue;
            }
            throw failure;
        }
    }

    @Override
    public CodexResponse respond(ResponsesRequest request) {
        try (ResponseStream stream = stream(request)) {
            return stream.finalResponse();
        }
    }

    @Override
    public CompletableFuture<CodexResponse> respondAsync(ResponsesRequest request, ResponseListener listener) {
        AtomicReference<ResponseStream> open = new AtomicReference<>();
        CompletableFuture<CodexResponse> future = new CompletableFuture<>();
        future.whenComplete((r, t) -> {
            ResponseStream s = open.get();
            if (future.isCancelled() && s != null) {
                s.close(); // the reading thread's blocked read fails at once
            }
        });
        async.execute(() -> {
            try (ResponseStream stream = stream(request)) {
                open.set(stream);
                if (future.isCancelled()) {
                    return;
                }
                for (ResponseEvent event : stream) {
                    listener.onEvent(event);
                }
                future.complete(stream.finalResponse());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }

    /**
     * The events of {@code request} as a {@link Flow.Publisher}: each subscription sends the request
     * once and delivers its events with back-pressure (a slow subscriber slows the reading of the
     * socket, it is never buffered whole). Cancelling the subscription closes the connection; a
     * failure arrives as {@code onError} with the library's exception.
     */
    public Flow.Publisher<ResponseEvent> publisher(ResponsesRequest request) {
        return subscriber -> {
            SubmissionPublisher<ResponseEvent> out = new SubmissionPublisher<>(async, Flow.defaultBufferSize());
            AtomicReference<ResponseStream> open = new AtomicReference<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            out.subscribe(new Flow.Subscriber<ResponseEvent>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            subscription.request(n);
                        }

                        @Override
                        public void cancel() {
                            cancelled.set(true);
                            subscription.cancel();
                            ResponseStream s = open.get();
                            if (s != null) {
                                s.close(); // a read blocked on a silent server ends at once
                            }
                        }
                    });
                }

                @Override
                public void onNext(ResponseEvent item) {
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    subscriber.onError(t);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
            async.execute(() -> {
                try (ResponseStream stream = stream(request)) {
                    open.set(stream);
                    for (ResponseEvent event : stream) {
                        if (cancelled.get()) {
                            break;
                        }
                        out.submit(event);
                    }
                    out.close();
                } catch (Throwable t) {
                    out.closeExceptionally(t);
                }
            });
        };
    }

    @Override
    public Usage usage() {
        Credentials creds = credentials.credentials();
        String url = settings.baseUrl() + "/wham/usage";
        RequestLog.Entry entry = log.begin(url, Redactor.standard().with(creds));
        for (int round = 0; ; round++) {
            HttpGet get = new HttpGet(URI.create(url));
            Map<String, String> h = CodexHeaders.forAccount(creds, identity);
            h.remove("originator");
            h.remove("version");
            h.forEach(get::setHeader);
            get.setHeader("Accept", "application/json");
            HttpTransport.Reply reply = transport.send(get);
            entry.debug("GET " + url + " HTTP " + reply.status());
            if (reply.status() == 401 && round == 0) {
                creds = credentials.afterUnauthorized(creds);
                continue;
            }
            if (!reply.isSuccess()) {
                throw CodexErrors.http(reply.status(), reply::header, reply.text(),
                        new CodexErrors.Context("", java.util.List.of(), identity, settings.clock()));
            }
            try {
                return Usage.parse(JSON.readTree(reply.body()), settings.clock());
            } catch (IOException e) {
                // Jackson's message may quote the body: not attached
                throw new ProtocolException("The usage endpoint answered with something that is not JSON. Try again later.",
                        Recovery.RETRY, null);
            }
        }
    }

    @Override
    public void close() {
        async.shutdownNow();
        watchdog.close();
        if (ownsTransport) {
            transport.close();
        }
    }

    private RequestConfig requestConfig() {
        // the watchdog enforces both limits precisely; the socket timeout only backs it up
        long backstop = Math.max(settings.firstByteTimeout().toMillis(), settings.idleTimeout().toMillis()) + 5_000;
        return RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.ofMilliseconds(backstop))
                .build();
    }

    @SuppressWarnings("deprecation") // the streaming form: the response stays open until the stream is closed
    private CloseableHttpResponse execute(HttpUriRequestBase request) throws IOException {
        return transport.client().execute(request);
    }

    private void noticeCatalogChange(CatalogKey key, ModelCatalog catalog, ReplyHeaders reply) {
        if (reply.modelsEtag() != null && !reply.modelsEtag().equals(catalog.etag())) {
            instructions.catalogChanged(key, reply.modelsEtag());
        }
    }

    private void backoff(int attempt, TransientException failure) {
        Duration wait = retries.delayAfter(attempt, failure, ThreadLocalRandom.current()::nextDouble);
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("Interrupted while waiting to retry the request.", null);
        }
    }

    private static CodexAuthException logged(RequestLog.Entry entry, CodexAuthException e) {
        entry.debug("failed: " + e.getMessage());
        return e;
    }

    private static Map<String, String> headers(CloseableHttpResponse response) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : response.getHeaders()) {
            headers.putIfAbsent(h.getName(), h.getValue());
        }
        return headers;
    }

    private static String readSmall(CloseableHttpResponse response) {
        if (response.getEntity() == null) {
            return "";
        }
        try (InputStream in = response.getEntity().getContent()) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(CloseableHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Configures a {@link HttpCodexClient}. Not thread-safe. */
    public static final class Builder {
        private final Settings settings;
        private HttpTransport transport;
        private CredentialsProvider credentials;
        private InstructionSource instructions;
        private ClientIdentity identity;
        private PrintStream console;
        private int maxAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(500);
        private int maxEventSize = SseParser.DEFAULT_MAX_EVENT_SIZE;
        private Watchdog watchdog;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The application's shared transport (one connection pool); without it the client makes and owns one. */
        public Builder transport(HttpTransport v) { transport = v; return this; }
        /** Where logins come from (required). */
        public Builder credentials(CredentialsProvider v) { credentials = v; return this; }
        /** Where the model catalog and instructions come from (required). */
        public Builder instructions(InstructionSource v) { instructions = v; return this; }
        /** The identity to send; default {@link ClientIdentity#of(Settings)}. */
        public Builder identity(ClientIdentity v) { identity = v; return this; }
        /** Where debug lines go when {@link Settings#debug()} is on; default {@code System.err}. */
        public Builder console(PrintStream v) { console = v; return this; }
        /** Tries per request for failures before the first byte (1 = no retry); default 3. */
        public Builder maxAttempts(int v) { maxAttempts = v; return this; }
        /** The longest first retry wait (half of it fixed, half jitter; doubled each time, at most 30 s); default 500 ms. */
        public Builder retryBackoff(Duration v) { retryBackoff = v; return this; }
        /** The largest event accepted from a stream, in characters; default 16 MiB. */
        public Builder maxEventSize(int v) { maxEventSize = v; return this; }

        /** The timer of the first-byte and idle timeouts (tests turn time by hand); default the system's. */
        Builder watchdog(Watchdog v) { watchdog = v; return this; }

        /** @throws IllegalStateException when a required part is missing or a value is out of range */
        public HttpCodexClient build() {
            if (credentials == null || instructions == null) {
                throw new IllegalStateException("An HttpCodexClient needs credentials(...) and instructions(...).");
            }
            if (maxAttempts < 1 || retryBackoff.isNegative() || maxEventSize < 1) {
                throw new IllegalStateException("maxAttempts and maxEventSize must be positive, retryBackoff not negative.");
            }
            return new HttpCodexClient(this);
        }
    }
}
