package dev.codexauth.token;

import dev.codexauth.error.StoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory store, counting what is asked of it; its lock can be made to time out. */
final class CountingStore implements TokenStore {

    final InMemoryTokenStore delegate = new InMemoryTokenStore();
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger saves = new AtomicInteger();
    final AtomicInteger locks = new AtomicInteger();
    volatile boolean lockStuck;
    volatile RuntimeException saveFailure;
    /** Reading the record fails as an unusable one does; {@code load} would also have kept it aside. */
    volatile boolean unreadable;
    final AtomicInteger keptAside = new AtomicInteger();

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public String location() {
        return "the test's memory";
    }

    @Override
    public Optional<Credentials> load(String profile) {
        loads.incrementAndGet();
        if (unreadable) {
            keptAside.incrementAndGet();
            throw unreadable();
        }
        return delegate.load(profile);
    }

    @Override
    public boolean contains(String profile) {
        return unreadable || delegate.load(profile).isPresent();
    }

    @Override
    public Optional<Credentials> peek(String profile) {
        if (unreadable) {
            throw unreadable();
        }
        return delegate.load(profile);
    }

    private static StoreException unreadable() {
        return new StoreException("The stored login is not JSON.", dev.codexauth.error.Recovery.SIGN_IN, null);
    }

    @Override
    public void save(String profile, Credentials credentials) {
        saves.incrementAndGet();
        RuntimeException f = saveFailure;
        if (f != null) {
            throw f;
        }
        delegate.save(profile, credentials);
    }

    @Override
    public boolean delete(String profile) {
        return delegate.delete(profile);
    }

    @Override
    public StoreLock lock(String profile, Duration timeout) {
        locks.incrementAndGet();
        if (lockStuck) {
            throw new StoreException("Timed out after " + timeout.toSeconds() + " s waiting for the refresh lock of profile '"
                    + profile + "'.", null);
        }
        return delegate.lock(profile, timeout);
    }
}
