package dev.codexauth.storage.keychain;

import java.lang.reflect.Field;
import java.util.Map;
import org.freedesktop.dbus.connections.AbstractConnection;
import org.freedesktop.dbus.connections.impl.DBusConnection;

/** Closing a dbus-java connection for sure, even while a call on it waits for an answer that never comes. */
final class BusConnections {

    private BusConnections() {
    }

    /**
     * Closes {@code connection} so that its non-daemon sender thread ends. dbus-java 4.2.1's
     * {@code close()} throws a {@code NullPointerException} halfway (before it stops that thread) when a
     * call is still waiting for its reply, so the waiting calls are forgotten first; whoever waits on
     * them is a daemon worker that has been given up on already.
     */
    static void forceClose(DBusConnection connection) {
        try {
            Field pending = AbstractConnection.class.getDeclaredField("pendingCalls");
            pending.setAccessible(true);
            ((Map<?, ?>) pending.get(connection)).clear();
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // another dbus-java version: try the plain close below
        }
        try {
            connection.close();
        } catch (Exception | LinkageError ignored) {
            // closing is all we can do
        }
    }
}
