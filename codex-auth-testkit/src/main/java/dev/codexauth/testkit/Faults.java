package dev.codexauth.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The faults armed per endpoint. Each armed fault serves the next {@code times} calls of its
 * endpoint; faults armed on the same endpoint are served in the order they were armed. Thread-safe.
 */
public final class Faults {

    private final Map<String, Deque<Armed>> armed = new HashMap<>();

    Faults() {
    }

    /** The next {@code times} calls to {@code endpoint} (an {@link Endpoint} name) get {@code fault}. */
    public synchronized Faults arm(String endpoint, Fault fault, int times) {
        Objects.requireNonNull(fault, "fault");
        if (!Endpoint.ALL.contains(endpoint) || Endpoint.UNKNOWN.equals(endpoint)) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'; use one of " + Endpoint.ALL);
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, not " + times);
        }
        armed.computeIfAbsent(endpoint, k -> new ArrayDeque<>()).add(new Armed(fault, times));
        return this;
    }

    /** The next call to {@code endpoint} gets {@code fault}. */
    public Faults arm(String endpoint, Fault fault) {
        return arm(endpoint, fault, 1);
    }

    /** How many calls to {@code endpoint} are still to get a fault. */
    public synchronized int pending(String endpoint) {
        Deque<Armed> queue = armed.get(endpoint);
        return queue == null ? 0 : queue.stream().mapToInt(a -> a.remaining).sum();
    }

    /** Disarms everything. */
    public synchronized void clear() {
        armed.clear();
    }

    /** The fault for this call of {@code endpoint}, spending one of its times. */
    synchronized Optional<Fault> take(String endpoint) {
        Deque<Armed> queue = armed.get(endpoint);
        if (queue == null || queue.isEmpty()) {
            return Optional.empty();
        }
        Armed head = queue.peekFirst();
        if (--head.remaining == 0) {
            queue.removeFirst();
        }
        return Optional.of(head.fault);
    }

    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
