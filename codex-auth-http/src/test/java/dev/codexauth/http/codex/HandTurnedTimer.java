package dev.codexauth.http.codex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Watchdog.Timer} whose time moves only when a test turns it: timeouts then depend on what
 * the test does, never on how loaded the machine is. Due tasks run on the turning thread.
 */
final class HandTurnedTimer implements Watchdog.Timer {

    private record Task(long at, Runnable run, boolean[] cancelled) {}

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Runnable schedule(Runnable task, long nanos) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + Math.max(nanos, 1), task, cancelled));
        return () -> {
            synchronized (HandTurnedTimer.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves time forward by {@code d}, running every task that falls due (and any they schedule). */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            Task next = null;
            synchronized (this) {
                for (Task t : tasks) {
                    if (t.at() <= target && (next == null || t.at() < next.at())) {
                        next = t;
                    }
                }
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.at());
                if (next.cancelled()[0]) {
                    continue;
                }
            }
            next.run().run();
        }
    }

    @Override
    public void close() {
    }
}
