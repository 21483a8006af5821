/**
 * The official OpenAI Java SDK on a ChatGPT subscription: {@link dev.codexauth.openai.CodexOpenAI}
 * makes an {@code OpenAIClient} (or puts the transport into an existing one's options) whose Responses
 * API is served by the Codex backend through this library's {@code CodexClient}. The rest of the
 * package is the transport's machinery: the SDK-facing HTTP client, the SSE re-emitted for the SDK,
 * and the mapping of this library's failures to the SDK's typed exceptions.
 */
package dev.codexauth.openai;
