/**
 * JMH benchmarks of the paths every request of a coding agent takes through the library, each beside a
 * baseline measured in the same run: SSE parsing and decoding, latency to the first event, the fresh
 * token path, request transformation, refresh under contention, and the instructions cache. The
 * figures and the commands that produce them are in {@code docs/PERFORMANCE.md}.
 */
package dev.codexauth.benchmarks;
