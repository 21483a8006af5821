package dev.codexauth.codex;

import dev.codexauth.config.Settings;
import java.util.Locale;

/**
 * Who the requests say they come from: {@code originator}, {@code version} and {@code User-Agent}
 * (SPEC §7). The backend gates newer models on a first-party originator with a recent version, so
 * the three stay consistent. The default User-Agent carries no OS, architecture or terminal; those
 * are added only when {@link Settings#sendSystemInfo()} is on (a privacy trade-off).
 *
 * @param originator the {@code originator} header, e.g. {@code codex_cli_rs}
 * @param version    the {@code version} header and catalog {@code client_version}, e.g. {@code 0.160.1}
 * @param userAgent  the {@code User-Agent} header
 */
public record ClientIdentity(String originator, String version, String userAgent) {

    /** The identity configured in {@code settings}. */
    public static ClientIdentity of(Settings settings) {
        String ua = settings.originator() + "/" + settings.clientVersion();
        if (settings.sendSystemInfo()) {
            ua += " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + "; "
                    + System.getProperty("os.arch").toLowerCase(Locale.ROOT) + ") "
                    + System.getenv().getOrDefault("TERM_PROGRAM", "unknown");
        }
        return new ClientIdentity(settings.originator(), settings.clientVersion(), ua);
    }
}
