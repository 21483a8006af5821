package dev.codexauth.token;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import java.util.regex.Pattern;

/**
 * The one rule for profile names, shared by every {@link TokenStore}: 1 to 64 lowercase ASCII letters,
 * digits, {@code -} or {@code _}, starting with a letter or digit. One rule for all stores means a
 * profile that one store accepts never fails in another (the keychain store, for one, locks through
 * the file store), and a name is always safe as part of a file name or a keychain account.
 */
public final class Profiles {

    /** The profile used when none is configured. */
    public static final String DEFAULT = "default";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private Profiles() {
    }

    /** Whether {@code profile} is an allowed name. */
    public static boolean isValid(String profile) {
        return profile != null && NAME.matcher(profile).matches();
    }

    /**
     * Returns {@code profile} if it is an allowed name.
     *
     * @throws ConfigurationException when it is not, saying what is allowed
     */
    public static String requireValid(String profile) {
        if (isValid(profile)) {
            return profile;
        }
        String shown = profile == null ? "null" : profile.length() > 80 ? profile.substring(0, 80) + "..." : profile;
        throw new ConfigurationException("The profile name '" + shown + "' is not allowed: use 1 to 64 lowercase "
                + "letters, digits, '-' or '_', starting with a letter or digit (set " + Settings.PROFILE + ").");
    }
}
