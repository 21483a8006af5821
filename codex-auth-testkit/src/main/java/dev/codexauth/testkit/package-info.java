/**
 * The Codex sandbox: an embeddable, stateful fake of the OpenAI issuer, the Codex backend and
 * GitHub on one loopback port, for testing code that uses this library (or any Codex client)
 * without a ChatGPT account or a network.
 *
 * <p>Start one with {@link dev.codexauth.testkit.Sandbox#builder()} or, in JUnit 5, with
 * {@link dev.codexauth.testkit.SandboxExtension}; point a client at it with
 * {@link dev.codexauth.testkit.Sandbox#settings()} or {@link dev.codexauth.testkit.Sandbox#environment()};
 * script failures with {@link dev.codexauth.testkit.Fault}; assert on traffic with
 * {@link dev.codexauth.testkit.Journal}. Everything else in this package is package-private machinery.
 */
package dev.codexauth.testkit;
