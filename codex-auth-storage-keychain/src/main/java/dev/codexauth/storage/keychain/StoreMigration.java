package dev.codexauth.storage.keychain;

import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.storage.file.OpenCodeRecord;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Moves a login from one store to another (file → keychain, keychain → file, or any two stores)
 * without a moment in which it exists nowhere: the target is written and read back and compared, and
 * only then is the source deleted. It holds the source's refresh lock throughout, so no refresh can
 * replace the login halfway (the file and keychain stores share that lock). If anything fails, the
 * source is untouched and the error says so.
 */
public final class StoreMigration {

    /** What a migration did. */
    public enum Outcome {
        /** The login is now in the target only. */
        MOVED,
        /** The source had no login for the profile; nothing changed. */
        NOTHING_TO_MOVE
    }

    private StoreMigration() {
    }

    /**
     * Moves {@code profile}'s login from {@code source} to {@code target}, replacing any login the target had.
     *
     * @param lockTimeout how long to wait for a refresh in progress to finish
     * @throws StoreException when a store fails or the copy does not read back identically; the source then still has the login
     */
    public static Outcome move(TokenStore source, TokenStore target, String profile, Duration lockTimeout) {
        try (StoreLock lock = source.lock(profile, lockTimeout)) {
            Optional<Credentials> login = source.load(profile);
            if (login.isEmpty()) {
                return Outcome.NOTHING_TO_MOVE;
            }
            target.save(profile, login.get());
            Optional<Credentials> copy = target.load(profile);
            if (copy.isEmpty() || !OpenCodeRecord.sameRecord(login.get(), copy.get())) {
                throw new StoreException("The login of profile '" + profile + "' did not read back identically from "
                        + target.location() + ", so it was left in " + source.location()
                        + ". Check the target store and try again.", Recovery.FIX_ENVIRONMENT, null);
            }
            source.delete(profile);
            return Outcome.MOVED;
        }
    }
}
