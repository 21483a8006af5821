/**
 * What keeps secrets out of logs: the {@link dev.codexauth.codex.logging.Redactor} every request log,
 * debug line and error message of the Codex client passes through.
 */
package dev.codexauth.codex.logging;
