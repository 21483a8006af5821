/**
 * Tokens in the OS keychain: {@link dev.codexauth.storage.keychain.KeychainTokenStore} (macOS Keychain,
 * Windows Credential Manager, the freedesktop Secret Service), the {@code auto} store that falls back to
 * the file store ({@link dev.codexauth.storage.keychain.AutoTokenStore}), their
 * {@link java.util.ServiceLoader} providers, and {@link dev.codexauth.storage.keychain.StoreMigration}
 * for moving a login between stores. Everything else here is package-private machinery.
 */
package dev.codexauth.storage.keychain;
