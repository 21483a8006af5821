package dev.codexauth.examples;

import dev.codexauth.codex.CodexClient;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.http.catalog.InstructionSources;
import dev.codexauth.http.codex.HttpCodexClient;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStores;

/**
 * Streams one answer event by event, with the login saved by {@code codex-auth login}.
 * Run: {@code java -cp codex-auth.jar dev.codexauth.examples.StreamEvents "Why is the sky blue?"}
 */
public final class StreamEvents {

    public static void main(String[] args) {
        Settings settings = Settings.defaults(); // CODEX_AUTH_* from the environment
        try (HttpTransport transport = HttpTransport.create(settings); // one connection pool for everything
             TokenStore store = TokenStores.open(settings)) {
            // Refreshes ahead of expiry, once per account, even across processes.
            RefreshingCredentials credentials = RefreshingCredentials
                    .builder(settings, store, HttpIssuer.create(transport, settings)).build();
            try (CodexClient client = HttpCodexClient.builder(settings).transport(transport).credentials(credentials)
                    .instructions(InstructionSources.standard(settings, transport, credentials)).build();
                 // An empty model means the account's default model.
                 ResponseStream stream = client.stream(ResponsesRequest.ofText("", String.join(" ", args)))) {
                for (ResponseEvent event : stream) {
                    if (event instanceof ResponseEvent.TextDelta delta) {
                        System.out.print(delta.delta()); // arrives while the server is still writing
                    } else if (event instanceof ResponseEvent.ReasoningSummaryDelta summary) {
                        System.err.print(summary.delta());
                    } else if (event instanceof ResponseEvent.RateLimitsUpdate limits) {
                        limits.rateLimits().primaryWindow().ifPresent(w -> System.err.println(
                                "[" + w.usedPercent() + "% of the short window used]"));
                    } else if (event instanceof ResponseEvent.Completed) {
                        System.out.println();
                    }
                    // Every other type (keepalive, metadata, tool calls...) arrives too; ignore what you don't need.
                }
            }
        }
    }

    private StreamEvents() {
    }
}
