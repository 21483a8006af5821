/**
 * Sign-in over HTTP (SPEC §2-§3): {@link dev.codexauth.http.auth.SignIn} runs the browser, paste and
 * device-code sign-ins and saves the login; {@link dev.codexauth.http.auth.HttpIssuer} is the OAuth
 * issuer client that refreshes and revokes as well. The loopback callback server and the platform
 * browser launchers are package-private machinery.
 */
package dev.codexauth.http.auth;
