/**
 * Talking to the Codex backend, without the network: the {@link dev.codexauth.codex.CodexClient}
 * contract, requests ({@link dev.codexauth.codex.ResponsesRequest}, {@link dev.codexauth.codex.Conversation}),
 * the backend's request rules ({@link dev.codexauth.codex.RequestTransformer},
 * {@link dev.codexauth.codex.CodexHeaders}), the events of a response ({@link dev.codexauth.codex.ResponseEvent},
 * {@link dev.codexauth.codex.ResponseEventDecoder}), the final response
 * ({@link dev.codexauth.codex.ResponseAssembler}) and what failures mean ({@link dev.codexauth.codex.CodexErrors}).
 */
package dev.codexauth.codex;
