/**
 * The sign-in protocol without a network: the {@link dev.codexauth.auth.Issuer} contract, PKCE and
 * the authorize URL, what comes back from the browser or a paste, the token response and how it
 * becomes {@link dev.codexauth.token.Credentials}, and the claims read from the JWTs.
 */
package dev.codexauth.auth;
