package dev.codexauth.storage.keychain;

import dev.codexauth.config.Settings;
import dev.codexauth.token.Credentials;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Logins and settings for tests: recognisable fake tokens, a private home, a unique keychain service. */
final class TestLogins {

    static final String ACCESS = "eyJhbGciOiJSUzI1NiJ9.ACCESS-SECRET-4242.sig";
    static final String REFRESH = "rt_REFRESH-SECRET-4242";
    static final String ID = "eyJhbGciOiJSUzI1NiJ9.ID-SECRET-4242.sig";

    private TestLogins() {
    }

    static Credentials login() {
        return new Credentials(ACCESS, REFRESH, ID, Instant.ofEpochMilli(1_767_000_000_123L), "acct-1",
                Map.of("note", "kept", "nested", Map.of("n", 1)));
    }

    /** A login whose id token makes the record about {@code chars} characters long. */
    static Credentials largeLogin(int chars) {
        return new Credentials(ACCESS, REFRESH, "x".repeat(chars), Instant.ofEpochMilli(1_767_000_000_000L), "acct-big");
    }

    static Settings settings(Path home) {
        return Settings.builder(new Properties(), Map.of()).home(home).build();
    }

    /** A service name no user has, so a test never touches a real login. */
    static String uniqueService() {
        return "codex-auth-test-" + UUID.randomUUID();
    }
}
