package dev.codexauth.storage.keychain;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import com.github.javakeyring.internal.freedesktop.FreedesktopKeyringBackend;
import com.github.javakeyring.internal.freedesktop.SimpleCollection;
import dev.codexauth.error.StoreException;
import java.lang.reflect.Field;
import java.util.Optional;
import org.freedesktop.dbus.connections.impl.DBusConnection;

/**
 * The real keychain through java-keyring: macOS Keychain, Windows Credential Manager, or the
 * freedesktop Secret Service. On Linux only the Secret Service backend is tried (never KWallet's
 * legacy interface), and only after {@link SessionBus} found a usable one.
 *
 * <p>On Linux it also keeps hold of java-keyring's D-Bus connection (java-keyring does not expose it,
 * so it is reached by reflection into java-keyring 1.0.4's fields), so that a call that hangs can be
 * {@link #abandon abandoned}: closing the connection from outside ends the stuck call and the
 * connection's non-daemon thread. After that this backend refuses further calls; the store connects a
 * fresh one for its next call.
 */
final class JavaKeyringBackend implements SecretBackend {

    private final Platform platform;
    private Keyring keyring;
    private DBusConnection connection;
    private boolean closed;
    private volatile boolean abandoned;

    JavaKeyringBackend(Platform platform) {
        this.platform = platform;
    }

    @Override
    public void open() throws Exception {
        Keyring opened = platform == Platform.LINUX
                ? Keyring.create(KeyringStorageType.GNOME_KEYRING)
                : Keyring.create();
        synchronized (this) {
            if (!closed && !abandoned) {
                keyring = opened;
                connection = connectionOf(opened);
                return;
            }
        }
        // The store gave up waiting meanwhile: release what arrived late.
        opened.close();
    }

    @Override
    public synchronized String kind() {
        return keyring == null ? platform.name() : keyring.getKeyringStorageType().name();
    }

    @Override
    public Optional<String> read(String service, String account) throws Exception {
        try {
            return Optional.ofNullable(keyring().getPassword(service, account));
        } catch (PasswordAccessException e) {
            // java-keyring's way of saying "no such entry" on every platform.
            return Optional.empty();
        }
    }

    @Override
    public void write(String service, String account, String value) throws Exception {
        keyring().setPassword(service, account, value);
    }

    @Override
    public boolean delete(String service, String account) throws Exception {
        try {
            keyring().deletePassword(service, account);
            return true;
        } catch (PasswordAccessException e) {
            return false;
        }
    }

    @Override
    public void abandon() {
        abandoned = true;
        DBusConnection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) {
            BusConnections.forceClose(c);
        }
    }

    @Override
    public void close() throws Exception {
        Keyring k;
        synchronized (this) {
            closed = true;
            k = keyring;
            keyring = null;
        }
        if (k != null) {
            k.close();
        }
    }

    private synchronized Keyring keyring() throws BackendNotSupportedException {
        if (abandoned) {
            throw new StoreException("The OS keychain stopped answering earlier, so this connection to it was given up. "
                    + "Try again (a new connection is made), or set CODEX_AUTH_STORE=file.", null);
        }
        if (keyring == null) {
            throw new BackendNotSupportedException("not open");
        }
        return keyring;
    }

    /** java-keyring 1.0.4's D-Bus connection, or null on other platforms or if its fields changed. */
    private static DBusConnection connectionOf(Keyring keyring) {
        try {
            Object backend = field(Keyring.class, "backend").get(keyring);
            if (!(backend instanceof FreedesktopKeyringBackend)) {
                return null;
            }
            Object collection = field(FreedesktopKeyringBackend.class, "collection").get(backend);
            Object service = field(SimpleCollection.class, "service").get(collection);
            return service instanceof org.freedesktop.secret.Service s ? s.getConnection() : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
