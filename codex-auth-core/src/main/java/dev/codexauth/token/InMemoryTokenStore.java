package dev.codexauth.token;

import dev.codexauth.error.StoreException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps logins in this JVM only: for tests, short-lived tools, and programs that persist tokens
 * themselves through a {@link CredentialsListener}. Its lock coordinates threads, not processes.
 * Profile names follow {@link Profiles}, as in every store.
 * Thread-safe.
 */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, Credentials> logins = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String location() {
        return "memory of this process (lost when it exits)";
    }

    @Override
    public Optional<Credentials> load(String profile) {
        return Optional.ofNullable(logins.get(Profiles.requireValid(profile)));
    }

    @Override
    public void save(String profile, Credentials credentials) {
        logins.put(Profiles.requireValid(profile), credentials);
    }

    @Override
    public boolean delete(String profile) {
        return logins.remove(Profiles.requireValid(profile)) != null;
    }

    @Override
    public StoreLock lock(String profile, Duration timeout) {
        ReentrantLock lock = locks.computeIfAbsent(Profiles.requireValid(profile), p -> new ReentrantLock());
        try {
            if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StoreException("Timed out after " + dev.codexauth.config.Settings.describe(timeout) + " waiting for the refresh lock of profile '"
                        + profile + "'. Another refresh is stuck; try again.", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the refresh lock of profile '" + profile + "'.", null);
        }
        return lock::unlock;
    }

    /** The {@code memory} provider: always usable, lowest priority. */
    public static final class Provider implements TokenStoreProvider {
        @Override
        public String name() {
            return "memory";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Availability availability(dev.codexauth.config.Settings settings) {
            return Availability.yes("always available; tokens last as long as the process");
        }

        @Override
        public TokenStore create(dev.codexauth.config.Settings settings) {
            return new InMemoryTokenStore();
        }
    }
}
