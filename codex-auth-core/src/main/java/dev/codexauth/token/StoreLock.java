package dev.codexauth.token;

/** A held refresh lock of a {@link TokenStore}; closing it releases the lock. */
@FunctionalInterface
public interface StoreLock extends AutoCloseable {
    @Override
    void close();
}
