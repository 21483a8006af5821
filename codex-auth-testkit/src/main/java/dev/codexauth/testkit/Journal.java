package dev.codexauth.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request the sandbox received since it started or was last {@linkplain #clear() cleared},
 * so tests can assert "exactly one refresh" or "no GitHub call". Control requests
 * ({@code /__sandbox/*}) are not recorded. Thread-safe.
 */
public final class Journal {

    private final List<JournalEntry> entries = new ArrayList<>();

    Journal() {
    }

    synchronized void record(JournalEntry entry) {
        entries.add(entry);
    }

    /** How many requests reached {@code endpoint} (an {@link Endpoint} name). */
    public synchronized int count(String endpoint) {
        int n = 0;
        for (JournalEntry e : entries) {
            if (e.endpoint().equals(endpoint)) {
                n++;
            }
        }
        return n;
    }

    /** Requests per endpoint, every {@link Endpoint} name present (zero when none). */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : Endpoint.ALL) {
            counts.put(name, 0);
        }
        for (JournalEntry e : entries) {
            counts.merge(e.endpoint(), 1, Integer::sum);
        }
        return counts;
    }

    /** Every request, oldest first. */
    public synchronized List<JournalEntry> requests() {
        return List.copyOf(entries);
    }

    /** The requests to one endpoint, oldest first. */
    public synchronized List<JournalEntry> requests(String endpoint) {
        return entries.stream().filter(e -> e.endpoint().equals(endpoint)).toList();
    }

    /** The most recent request to {@code endpoint}, or null. */
    public synchronized JournalEntry last(String endpoint) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).endpoint().equals(endpoint)) {
                return entries.get(i);
            }
        }
        return null;
    }

    /** Forgets every request. */
    public synchronized void clear() {
        entries.clear();
    }
}
