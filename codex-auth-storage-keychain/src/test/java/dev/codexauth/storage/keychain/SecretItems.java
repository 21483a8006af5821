package dev.codexauth.storage.keychain;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Asks the session's Secret Service itself (with dbus-send, not through our code) how many items a service has. */
final class SecretItems {

    private SecretItems() {
    }

    static long of(String service) throws Exception {
        Process p = new ProcessBuilder("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.SearchItems",
                "dict:string:string:service," + service).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("dbus-send failed: " + out);
        }
        return out.lines().filter(l -> l.trim().startsWith("object path \"/org/freedesktop/secrets/collection/")).count();
    }
}
