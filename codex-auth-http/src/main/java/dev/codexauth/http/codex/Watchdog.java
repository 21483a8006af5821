package dev.codexauth.http.codex;

import java.time.Duration;
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

    /** Where the watchdog's time comes from: the system's, or a test's hand-turned one. */
    interface Timer extends AutoCloseable {
        /** A monotonic reading, in nanoseconds. */
        long nanoTime();

        /** Runs {@code task} once, about {@code nanos} from now; the returned handle cancels it. */
        Runnable schedule(Runnable task, long nanos);

        @Override
        void close();
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Timer timer;

    Watchdog() {
        this(systemTimer());
    }

    Watchdog(Timer timer) {
        this.timer = timer;
    }

    /** Starts watching: {@code onExpiry} runs once if {@link Watch#reset} is not called within {@code limit}. */
    Watch watch(Duration limit, Runnable onExpiry) {
        Watch w = new Watch(onExpiry);
        w.reset(limit);
        return w;
    }

    @Override
    public void close() {
        timer.close();
    }

    private static Timer systemTimer() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "codex-auth-watchdog-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return new Timer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Runnable schedule(Runnable task, long nanos) {
                if (executor.isShutdown()) {
                    return () -> { };
                }
                var future = executor.schedule(task, Math.max(nanos, 1), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }

    /**
     * One watched wait. It can be paused while nothing is expected of the other side (the caller is
     * holding an event) and re-armed with a full limit by {@link #reset}.
     */
    final class Watch {
        private final Runnable onExpiry;
        private final AtomicBoolean fired = new AtomicBoolean();
        private boolean cancelled;
        private boolean paused;
        private long deadline;
        private Runnable pending;

        private Watch(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        /** The wait starts (again), now limited to {@code newLimit}; a paused watch runs again. */
        synchronized void reset(Duration newLimit) {
            paused = false;
            deadline = timer.nanoTime() + newLimit.toNanos();
            if (pending == null && !cancelled) {
                pending = timer.schedule(this::check, newLimit.toNanos());
            }
        }

        /** Stops counting until the next {@link #reset}: the time that passes now is nobody's wait. */
        synchronized void pause() {
            paused = true;
        }

        synchronized void cancel() {
            cancelled = true;
            if (pending != null) {
                pending.run();
                pending = null;
            }
        }

        /** Whether the limit passed and the connection was aborted. */
        boolean fired() {
            return fired.get();
        }

        private void check() {
            synchronized (this) {
                pending = null;
                if (cancelled || paused) {
                    return; // a reset schedules anew
                }
                long left = deadline - timer.nanoTime();
                if (left > 0) {
                    pending = timer.schedule(this::check, left);
                    return;
                }
                if (!fired.compareAndSet(false, true)) {
                    return;
                }
            }
            onExpiry.run();
        }
    }
}
