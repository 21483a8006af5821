package dev.codexauth.http.auth;

import java.net.URI;

/**
 * Opens a URL in the user's browser. Opening is a convenience: it may fail (no desktop, no browser,
 * a remote shell), so it reports failure instead of throwing, and the sign-in always shows the URL
 * as well.
 */
@FunctionalInterface
public interface BrowserLauncher {

    /** Tries to open {@code url}; {@code false} when no browser could be started. Never throws. */
    boolean open(URI url);

    /**
     * The platform's own way: macOS {@code open}, Windows {@code rundll32 url.dll,FileProtocolHandler}
     * (which takes the URL as one argument, so {@code &} cannot cut it the way an unquoted
     * {@code start} would), elsewhere {@code xdg-open} when it is on the {@code PATH}.
     */
    static BrowserLauncher system() {
        return url -> SystemBrowser.open(url, System.getProperty("os.name", ""), System.getenv());
    }

    /** Never opens anything: for headless machines and tests. */
    static BrowserLauncher none() {
        return url -> false;
    }
}
