package dev.codexauth.http.codex;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces the first-byte and idle timeouts of streams by aborting their connection: a socket timeout
 * cannot tell a comment from an event, and the idle timer counts events only (as the Codex CLI does).
 * One daemon thread per client. Thread-safe.
 */
final class Watchdog implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "codex-auth-watchdog-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Starts watching: {@code onExpiry} runs once if {@link Watch#reset} is not called within {@code limit}. */
    Watch watch(Duration limit, Runnable onExpiry) {
        Watch w = new Watch(onExpiry);
        w.reset(limit);
        return w;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One watched wait. */
    final class Watch {
        private final Runnable onExpiry;
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile boolean cancelled;
        private volatile long deadline;
        private volatile Duration limit;
        private ScheduledFuture<?> pending;

        private Watch(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        /** Something arrived: the wait starts again, now limited to {@code newLimit}. */
        synchronized void reset(Duration newLimit) {
            limit = newLimit;
            deadline = System.nanoTime() + newLimit.toNanos();
            if (pending == null && !cancelled) {
                schedule(newLimit.toNanos());
            }
        }

        /** The limit of the current wait. */
        Duration limit() {
            return limit;
        }

        void cancel() {
            cancelled = true;
            synchronized (this) {
                if (pending != null) {
                    pending.cancel(false);
                }
            }
        }

        /** Whether the limit passed and the connection was aborted. */
        boolean fired() {
            return fired.get();
        }

        private void schedule(long nanos) {
            if (timer.isShutdown()) {
                return;
            }
            pending = timer.schedule(this::check, Math.max(nanos, 1), TimeUnit.NANOSECONDS);
        }

        private void check() {
            synchronized (this) {
                pending = null;
                if (cancelled) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    schedule(left);
                    return;
                }
            }
            if (fired.compareAndSet(false, true)) {
                onExpiry.run();
            }
        }
    }
}
