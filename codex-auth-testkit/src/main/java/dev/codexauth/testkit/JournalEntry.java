package dev.codexauth.testkit;

import java.time.Instant;
import java.util.Map;

/**
 * One request the sandbox received. No secret is kept: the {@code Authorization} header reads
 * {@code Bearer ***}, and issuer bodies have codes, verifiers, tokens and state masked.
 *
 * @param time     when it arrived (the sandbox's clock)
 * @param method   the HTTP method
 * @param path     the path with its query string ({@code state} and {@code code} values masked)
 * @param endpoint the {@link Endpoint} name
 * @param headers  the request headers, first value each; the map's keys are case-insensitive
 * @param body     the request body as text: backend bodies as sent, issuer bodies masked; empty when none
 */
public record JournalEntry(Instant time, String method, String path, String endpoint,
                           Map<String, String> headers, String body) {

    /** A header by name (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
