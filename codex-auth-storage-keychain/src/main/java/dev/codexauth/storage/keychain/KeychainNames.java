package dev.codexauth.storage.keychain;

import dev.codexauth.token.Profiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Account names, ASCII only: {@code cli|<first 16 hex of sha256(home dir)>}, the account convention of
 * the Codex CLI's entry (SPEC §5), but always under this library's own service (see
 * {@link KeychainTokenStore}); a profile other than {@code default} is appended ({@code cli|<hash>|work}).
 * Stores accept only {@link Profiles} names, but anything outside {@code [A-Za-z0-9._-]} is still
 * percent-encoded here, so that no name could imitate another's or a part entry's.
 */
final class KeychainNames {

    private KeychainNames() {
    }

    static String account(Path home, String profile) {
        String base = "cli|" + sha256Hex(home.toAbsolutePath().normalize().toString()).substring(0, 16);
        return profile.equals(Profiles.DEFAULT) ? base : base + "|" + encode(profile);
    }

    /** The account of part {@code index} of a value split in generation {@code generation}. */
    static String part(String account, String generation, int index) {
        return account + "|part|" + generation + "|" + index;
    }

    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
