/**
 * The Codex client over HTTP: {@link dev.codexauth.http.codex.HttpCodexClient} sends Responses
 * requests to the Codex backend on the shared transport and streams the answer; the rest of the
 * package (the stream reader, the timeout watchdog, the request log) is package-private machinery.
 */
package dev.codexauth.http.codex;
