package dev.codexauth.instructions;

/**
 * What a catalog depends on: the account (each account sees its own models) and the client version
 * (an old version gets a shorter list).
 *
 * @param accountId     the ChatGPT account id, or null when not signed in (GitHub and bundled sources ignore it)
 * @param clientVersion the Codex CLI version spoken for, e.g. {@code 0.160.1}
 */
public record CatalogKey(String accountId, String clientVersion) {
}
