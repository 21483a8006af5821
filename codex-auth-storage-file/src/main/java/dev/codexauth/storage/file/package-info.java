/**
 * The file token store, the default backend: {@link dev.codexauth.storage.file.FileTokenStore} keeps
 * each login in a private JSON file in OpenCode's format, replaced atomically under a cross-process
 * lock; {@link dev.codexauth.storage.file.LoginImport} reads logins the Codex CLI or OpenCode already
 * hold, without touching their files; {@link dev.codexauth.storage.file.OpenCodeRecord} is the record
 * format both (and the keychain store) use.
 */
package dev.codexauth.storage.file;
