package dev.codexauth.storage.keychain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entry that stands for a value too large for one keychain entry:
 * {@code codex-auth-split:1:<generation>:<parts>:<first 16 hex of sha256(value)>}. A JSON record always
 * starts with <code>{</code>, so the two can never be confused. Each save writes its parts under a
 * fresh generation before it replaces this one entry, so a reader sees either the old value or the new
 * one, never a mix; the checksum catches a reader that raced a writer.
 *
 * @param generation 8 random hex digits naming this save's parts
 * @param parts      how many parts follow
 * @param checksum   the first 16 hex digits of the SHA-256 of the whole value
 */
record SplitHead(String generation, int parts, String checksum) {

    static final String PREFIX = "codex-auth-split:1:";
    /** The longest head (9999 parts) plus room: the smallest entry limit we accept. */
    static final int MIN_ENTRY_LIMIT = 64;

    static Optional<SplitHead> parse(String entry) {
        if (!entry.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] f = entry.substring(PREFIX.length()).split(":", -1);
        if (f.length != 3 || !f[0].matches("[0-9a-f]{8}") || !f[1].matches("[1-9][0-9]{0,8}") || !f[2].matches("[0-9a-f]{16}")) {
            return Optional.empty();
        }
        return Optional.of(new SplitHead(f[0], Integer.parseInt(f[1]), f[2]));
    }

    static String checksumOf(String value) {
        return KeychainNames.sha256Hex(value).substring(0, 16);
    }

    String render() {
        return PREFIX + generation + ":" + parts + ":" + checksum;
    }

    /** Cuts {@code value} into pieces of at most {@code size} chars, never between the halves of a surrogate pair. */
    static List<String> cut(String value, int size) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < value.length()) {
            int end = Math.min(value.length(), start + size);
            if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
                end--;
            }
            pieces.add(value.substring(start, end));
            start = end;
        }
        return pieces;
    }
}
