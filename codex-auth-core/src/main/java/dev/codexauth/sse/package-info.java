/**
 * Server-sent events ({@code text/event-stream}) parsed incrementally, as bytes arrive, with bounded
 * memory: {@link dev.codexauth.sse.SseParser}.
 */
package dev.codexauth.sse;
