package dev.codexauth.storage.keychain;

import java.util.Locale;

/** The keychain family of this operating system. */
enum Platform {
    MACOS, WINDOWS, LINUX;

    static Platform current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.contains("darwin")) {
            return MACOS;
        }
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        // Linux and the BSDs keep secrets in a freedesktop Secret Service.
        return LINUX;
    }

    /**
     * The largest value this platform's keychain takes in one entry, in UTF-16 characters. Windows caps
     * a credential blob at 2560 bytes of UTF-16; the others have no practical limit.
     */
    int entryLimit() {
        return this == WINDOWS ? 1200 : Integer.MAX_VALUE;
    }
}
