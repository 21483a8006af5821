package dev.codexauth.storage.keychain;

import dev.codexauth.error.StoreException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;

/**
 * Checks the Secret Service on a D-Bus connection of our own before java-keyring is allowed near
 * the bus: a session bus exists, something owns {@code org.freedesktop.secrets}, it answers, and its
 * default collection exists and is unlocked. java-keyring cannot be stopped halfway: when its setup
 * hangs (a stopped daemon, an unlock prompt nobody answers) or fails, its D-Bus connection and that
 * connection's non-daemon sender thread are lost for good and the JVM never exits. Our connection can
 * always be closed from outside ({@link #abandon}), so every way to hang is met here first.
 */
final class SessionBus implements AutoCloseable {

    static final String SECRETS = "org.freedesktop.secrets";
    static final String ADDRESS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";
    private static final String DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default";

    private final AtomicReference<DBusConnection> connection = new AtomicReference<>();
    private volatile boolean abandoned;

    /** Runs on the worker (it may block); throws a {@link StoreException} saying what is missing. */
    void requireUsableSecretService(Map<String, String> environment) throws Exception {
        String address = environment.get(ADDRESS_VARIABLE);
        if (address == null || address.isBlank()) {
            throw new StoreException("No D-Bus session bus (" + ADDRESS_VARIABLE + " is not set), so there is no "
                    + "Secret Service to keep tokens in. Run inside a desktop session, or set CODEX_AUTH_STORE=file.", null);
        }
        DBusConnection bus;
        try {
            bus = DBusConnectionBuilder.forSessionBus().withShared(false).build();
        } catch (Exception | LinkageError e) {
            throw new StoreException("Could not connect to the D-Bus session bus (" + e.getClass().getSimpleName()
                    + "; " + ADDRESS_VARIABLE + " may point to a bus that is gone). Start a desktop session, or set "
                    + "CODEX_AUTH_STORE=file.", null);
        }
        connection.set(bus);
        if (abandoned) {
            close();
            return;
        }
        try {
            DBus daemon = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            if (!daemon.NameHasOwner(SECRETS)) {
                // Not started on demand: an activated daemon would come up locked or without a keyring anyway.
                String installed = java.util.Arrays.asList(daemon.ListActivatableNames()).contains(SECRETS)
                        ? " One is installed but not running." : "";
                throw new StoreException("The D-Bus session bus has no Secret Service (nothing owns " + SECRETS + ")."
                        + installed + " Start gnome-keyring, KeePassXC or KWallet with its Secret Service (logging in "
                        + "to a desktop session does), or set CODEX_AUTH_STORE=file.", null);
            }
            Object locked;
            try {
                locked = bus.getRemoteObject(SECRETS, DEFAULT_COLLECTION, Properties.class)
                        .Get("org.freedesktop.Secret.Collection", "Locked");
            } catch (DBusExecutionException e) {
                throw new StoreException("The Secret Service has no default collection to keep tokens in. Create one "
                        + "(for example the 'Login' keyring in your keyring app) and try again, or set CODEX_AUTH_STORE=file.", null);
            }
            if (Boolean.TRUE.equals(locked)) {
                throw new StoreException("The OS keychain's default collection is locked. Unlock it (log in to the "
                        + "desktop session, or open your keyring app and unlock 'Login'), then try again; or set "
                        + "CODEX_AUTH_STORE=file.", null);
            }
        } finally {
            close();
        }
    }

    /** Called from another thread when the check hangs: closing the connection ends its threads. */
    void abandon() {
        abandoned = true;
        close();
    }

    @Override
    public void close() {
        DBusConnection c = connection.getAndSet(null);
        if (c != null) {
            BusConnections.forceClose(c);
        }
    }
}
