package dev.codexauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand, so expiry and TTL tests never sleep; shared by every test package here. */
public final class MutableClock extends Clock {

    private final AtomicLong millis;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> onNextRead = new java.util.concurrent.atomic.AtomicReference<>();

    public MutableClock(Instant start) {
        millis = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    public void set(Instant t) {
        millis.set(t.toEpochMilli());
    }

    /** Runs {@code action} once, on the thread that next reads this clock, before that read returns. */
    public void onNextRead(Runnable action) {
        onNextRead.set(action);
    }

    @Override
    public long millis() {
        Runnable action = onNextRead.getAndSet(null);
        if (action != null) {
            action.run();
        }
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
