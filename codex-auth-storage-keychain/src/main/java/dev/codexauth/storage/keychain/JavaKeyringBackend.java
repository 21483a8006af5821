package dev.codexauth.storage.keychain;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import java.util.Optional;

/**
 * The real keychain through java-keyring: macOS Keychain, Windows Credential Manager, or the
 * freedesktop Secret Service. On Linux only the Secret Service backend is tried (never KWallet's
 * legacy interface), and only after {@link SessionBus} saw a Secret Service on the bus, because
 * java-keyring leaves a non-daemon D-Bus thread behind when its connection attempt fails halfway.
 */
final class JavaKeyringBackend implements SecretBackend {

    private final Platform platform;
    private Keyring keyring;
    private boolean closed;

    JavaKeyringBackend(Platform platform) {
        this.platform = platform;
    }

    @Override
    public void open() throws Exception {
        Keyring opened = platform == Platform.LINUX
                ? Keyring.create(KeyringStorageType.GNOME_KEYRING)
                : Keyring.create();
        synchronized (this) {
            if (!closed) {
                keyring = opened;
                return;
            }
        }
        // The store gave up waiting and closed meanwhile: release what arrived late.
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
        if (keyring == null) {
            throw new BackendNotSupportedException("not open");
        }
        return keyring;
    }
}
