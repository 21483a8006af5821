package dev.codexauth.storage.keychain;

import dev.codexauth.error.StoreException;
import java.util.Map;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.DBus;

/**
 * Asks the D-Bus session bus whether a Secret Service owns {@code org.freedesktop.secrets}, on its own
 * short-lived connection that is always closed, before java-keyring is allowed near the bus.
 */
final class SessionBus {

    static final String SECRETS = "org.freedesktop.secrets";
    static final String ADDRESS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";

    private SessionBus() {
    }

    /** Throws a {@link StoreException} saying what is missing; runs on the worker (it may block). */
    static void requireSecretService(Map<String, String> environment) throws Exception {
        String address = environment.get(ADDRESS_VARIABLE);
        if (address == null || address.isBlank()) {
            throw new StoreException("No D-Bus session bus (" + ADDRESS_VARIABLE + " is not set), so there is no "
                    + "Secret Service to keep tokens in. Run inside a desktop session, or set CODEX_AUTH_STORE=file.", null);
        }
        DBusConnection connection;
        try {
            connection = DBusConnectionBuilder.forSessionBus().withShared(false).build();
        } catch (Exception | LinkageError e) {
            throw new StoreException("Could not connect to the D-Bus session bus (" + e.getClass().getSimpleName()
                    + "; " + ADDRESS_VARIABLE + " may point to a bus that is gone). Start a desktop session, or set "
                    + "CODEX_AUTH_STORE=file.", null);
        }
        try {
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            if (!bus.NameHasOwner(SECRETS)) {
                throw new StoreException("The D-Bus session bus has no Secret Service (nothing owns " + SECRETS + "). "
                        + "Start gnome-keyring, KeePassXC or KWallet with its Secret Service, or set CODEX_AUTH_STORE=file.", null);
            }
        } finally {
            connection.close();
        }
    }
}
