package dev.codexauth.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientAsyncImpl;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.http.HttpClient;
import dev.codexauth.codex.CodexClient;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.instructions.InstructionSource;
import dev.codexauth.token.CredentialsProvider;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}) on a ChatGPT subscription: the SDK's
 * Responses API ({@code client.responses().create(...)}, {@code createStreaming(...)} and their async
 * forms) is served by the Codex backend with the user's own sign-in, so a program written against the
 * SDK runs unchanged.
 *
 * <pre>{@code
 * OpenAIClient client = CodexOpenAI.client(Settings.defaults());      // the login saved by `codex-auth login`
 * Response r = client.responses().create(ResponseCreateParams.builder()
 *         .model("gpt-5.5").input("Say hello").build());
 * }</pre>
 *
 * <p>What this library does for each request: takes the login from the token store and refreshes it
 * (once, across processes), picks the model's description and OpenAI's own instructions from the
 * catalog, applies the backend's request rules, and streams the answer; a caller of {@code create}
 * gets the final Response assembled from the stream. Usage limits and rejected requests arrive as the
 * SDK's typed exceptions ({@code RateLimitException}, {@code BadRequestException},
 * {@code NotFoundException}, {@code UnauthorizedException}) with a plain message that says what to do,
 * and are not retried by the SDK when retrying cannot help.
 *
 * <p>Every other endpoint (chat completions, embeddings, files...) fails at once with a
 * {@code NotFoundException} that says it is not available on a ChatGPT subscription; nothing is sent
 * anywhere. The SDK needs an API key to be built; the placeholder given to it is never sent.
 *
 * <p>The SDK closes the parts made here when the client is closed ({@code client.close()}).
 */
public final class CodexOpenAI {

    /** What the SDK is given as its API key: it needs one to build, and our transport never sends it. */
    static final String PLACEHOLDER_API_KEY = "codex-auth-chatgpt-sign-in";

    private CodexOpenAI() {
    }

    /** A synchronous SDK client on the saved login of {@code settings}' profile and store. */
    public static OpenAIClient client(Settings settings) {
        return builder(settings).client();
    }

    /** An asynchronous SDK client on the saved login of {@code settings}' profile and store. */
    public static OpenAIClientAsync clientAsync(Settings settings) {
        return builder(settings).clientAsync();
    }

    /**
     * Puts the Codex transport into SDK options being built, for an existing client:
     * {@code OpenAIClient codex = client.withOptions(b -> CodexOpenAI.install(b, settings));}
     */
    public static ClientOptions.Builder install(ClientOptions.Builder options, Settings settings) {
        return builder(settings).install(options);
    }

    /** Configures the parts behind the SDK client (token store, credentials, transport, or a whole Codex client). */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /**
     * Configures the parts behind an SDK client. Each {@code client()}, {@code clientAsync()} and
     * {@code install(...)} makes its own parts (connection pool, refreshing credentials...) unless
     * they were given; the SDK client closes what was made for it. Not thread-safe.
     */
    public static final class Builder {
        private final Settings settings;
        private TokenStore store;
        private CredentialsProvider credentials;
        private HttpTransport transport;
        private InstructionSource instructions;
        private CodexClient codexClient;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Where the login is kept; default {@link TokenStores#open(Settings)} (the configured store). */
        public Builder tokenStore(TokenStore v) { store = v; return this; }
        /** Where tokens come from; default a {@link RefreshingCredentials} over the token store. */
        public Builder credentials(CredentialsProvider v) { credentials = v; return this; }
        /** The application's shared transport; default one of the SDK client's own. */
        public Builder transport(HttpTransport v) { transport = v; return this; }
        /** Where the model catalog and instructions come from; default {@link InstructionSources#standard}. */
        public Builder instructions(InstructionSource v) { instructions = v; return this; }

        /**
         * A Codex client of the caller's (not closed with the SDK client); the other parts are then
         * unused. Its own retries add to the SDK's ({@code maxRetries}): build it with
         * {@code maxAttempts(1)} to leave retrying to the SDK.
         */
        public Builder codexClient(CodexClient v) { codexClient = v; return this; }

        /** A synchronous SDK client over these parts. */
        public OpenAIClient client() {
            return new OpenAIClientImpl(install(ClientOptions.builder()).build());
        }

        /** An asynchronous SDK client over these parts. */
        public OpenAIClientAsync clientAsync() {
            return new OpenAIClientAsyncImpl(install(ClientOptions.builder()).build());
        }

        /** Puts the Codex transport and the placeholder key into SDK options being built; returns them. */
        public ClientOptions.Builder install(ClientOptions.Builder options) {
            // the SDK's platform headers (X-Stainless-*) never leave this process anyway; don't even make them
            return options.httpClient(httpClient()).apiKey(PLACEHOLDER_API_KEY).disableTelemetry(true);
        }

        /** The SDK transport itself, for callers who assemble {@link ClientOptions} by hand. */
        public HttpClient httpClient() {
            if (codexClient != null) {
                return new CodexHttpClient(codexClient, List.of());
            }
            List<AutoCloseable> owned = new ArrayList<>();
            HttpTransport t = transport;
            if (t == null) {
                t = HttpTransport.create(settings);
                owned.add(t);
            }
            CredentialsProvider c = credentials;
            if (c == null) {
                TokenStore s = store;
                if (s == null) {
                    s = TokenStores.open(settings);
                    owned.add(s);
                }
                c = RefreshingCredentials.builder(settings, s, HttpIssuer.create(t, settings)).build();
            }
            InstructionSource i = instructions != null ? instructions : InstructionSources.standard(settings, t, c);
            // one retry policy: the SDK's (maxRetries), told by X-Should-Retry whether a failure may pass
            CodexClient client = HttpCodexClient.builder(settings).transport(t).credentials(c).instructions(i)
                    .maxAttempts(1).build();
            owned.add(0, client);
            return new CodexHttpClient(client, owned);
        }
    }
}
