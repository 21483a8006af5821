package dev.codexauth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.Recovery;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsMatchTheSpecWhenNothingIsSet() {
        Settings s = Settings.builder(new Properties(), Map.of()).build();

        assertThat(s.issuer()).isEqualTo(URI.create("https://auth.openai.com"));
        assertThat(s.baseUrl()).isEqualTo(URI.create("https://chatgpt.com/backend-api"));
        assertThat(s.githubApiUrl()).isEqualTo(URI.create("https://api.github.com"));
        assertThat(s.githubRawUrl()).isEqualTo(URI.create("https://raw.githubusercontent.com"));
        assertThat(s.home()).isEqualTo(Path.of(System.getProperty("user.home"), ".opencode"));
        assertThat(s.authDir()).isEqualTo(s.home().resolve("auth"));
        assertThat(s.logDir()).isEqualTo(s.home().resolve("logs/codex-plugin"));
        assertThat(s.store()).isEqualTo("file");
        assertThat(s.clientId()).isEqualTo("app_EMoamEEZ73f0CkXaXp7hrann");
        assertThat(s.originator()).isEqualTo("codex_cli_rs");
        assertThat(s.callbackPort()).isEqualTo(1455);
        assertThat(s.callbackFallbackPort()).isEqualTo(1457);
        assertThat(s.requestLogging()).isFalse();
        assertThat(s.debug()).isFalse();
        assertThat(s.sendSystemInfo()).isFalse();
        assertThat(s.catalogTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.instructionsTtl()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void builderBeatsSystemPropertyBeatsEnvironmentBeatsDefault() {
        Map<String, String> env = Map.of("CODEX_AUTH_HOME", "/env/home", "CODEX_AUTH_STORE", "memory",
                "CODEX_AUTH_ORIGINATOR", "from_env", "CODEX_AUTH_CLIENT_VERSION", "1.0.0");
        Properties sys = props("codex.auth.home", "/sys/home", "codex.auth.store", "keychain",
                "codex.auth.client.version", "2.0.0");

        Settings s = Settings.builder(sys, env).home(Path.of("/builder/home")).build();

        assertThat(s.home()).isEqualTo(Path.of("/builder/home"));     // builder
        assertThat(s.store()).isEqualTo("keychain");                  // system property over env
        assertThat(s.clientVersion()).isEqualTo("2.0.0");             // system property over env
        assertThat(s.originator()).isEqualTo("from_env");             // env over default
        assertThat(s.profile()).isEqualTo("default");                 // default
    }

    @Test
    void loggingSwitchesUseTheSeedsVariableNames() {
        Settings s = Settings.builder(new Properties(),
                Map.of("ENABLE_PLUGIN_REQUEST_LOGGING", "1", "DEBUG_CODEX_PLUGIN", "1")).build();

        assertThat(s.requestLogging()).isTrue();
        assertThat(s.debug()).isTrue();
    }

    @Test
    void durationsAcceptSecondsOrIso8601AndRejectNonsense() {
        Settings s = Settings.builder(new Properties(),
                Map.of("CODEX_AUTH_REFRESH_MARGIN", "120", "CODEX_AUTH_CATALOG_TTL", "PT1M")).build();
        assertThat(s.refreshMargin()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.catalogTtl()).isEqualTo(Duration.ofMinutes(1));

        assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of("CODEX_AUTH_LOCK_TIMEOUT", "soon")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CODEX_AUTH_LOCK_TIMEOUT")
                .hasMessageContaining("soon");
    }

    @Test
    void plainHttpIsRefusedOffLoopback() {
        assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of("CODEX_AUTH_ISSUER", "http://auth.example.com")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CODEX_AUTH_ISSUER")
                .hasMessageContaining("https")
                .satisfies(e -> assertThat(((ConfigurationException) e).recovery()).isEqualTo(Recovery.FIX_CONFIGURATION));
        assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of()).baseUrl(URI.create("http://10.0.0.1:8080/backend-api")).build())
                .hasMessageContaining("CODEX_AUTH_BASE_URL");
        assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of()).githubRawUrl(URI.create("ftp://localhost/x")).build())
                .hasMessageContaining("CODEX_AUTH_GITHUB_RAW_URL");
        // a host that merely starts with "localhost" is not loopback
        assertThatThrownBy(() -> Settings.builder(new Properties(), Map.of()).issuer(URI.create("http://localhost.evil.com")).build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void plainHttpIsAllowedToLoopbackForTestsAndTheSandbox() {
        Settings s = Settings.builder(new Properties(), Map.of())
                .issuer(URI.create("http://localhost:8080/"))
                .baseUrl(URI.create("http://127.0.0.1:8080/backend-api"))
                .githubApiUrl(URI.create("http://[::1]:8080"))
                .build();

        assertThat(s.issuer()).isEqualTo(URI.create("http://localhost:8080"));  // trailing slash dropped
        assertThat(s.baseUrl().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void perModelOptionsComeBeforeGlobalOnes() {
        Settings s = Settings.builder(new Properties(), Map.of("CODEX_AUTH_TEXT_VERBOSITY", "low"))
                .modelOptions(new ModelOptions("medium", "auto", null, null))
                .modelOptions("gpt-5.5", new ModelOptions("high", null, null, null))
                .build();

        assertThat(s.optionsFor("gpt-5.5")).isEqualTo(new ModelOptions("high", "auto", "low", null));
        assertThat(s.optionsFor("other")).isEqualTo(new ModelOptions("medium", "auto", "low", null));
    }

    @Test
    void toBuilderKeepsEveryValueWithoutReadingTheEnvironmentAgain() {
        Settings original = Settings.builder(new Properties(), Map.of("CODEX_AUTH_PROFILE", "work")).build();
        Settings copy = original.toBuilder().clientVersion("9.9.9").build();

        assertThat(copy.profile()).isEqualTo("work");
        assertThat(copy.clientVersion()).isEqualTo("9.9.9");
        assertThat(copy.issuer()).isEqualTo(original.issuer());
    }
}
