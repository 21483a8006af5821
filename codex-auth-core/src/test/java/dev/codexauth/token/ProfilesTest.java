package dev.codexauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilesTest {

    private static final List<String> BAD = List.of("Work", "../x", "a/b", "", " ", "-x", "_x", "a b", "dév", "a.json",
            "x".repeat(65));

    @Test
    void lowercaseLettersDigitsDashAndUnderscoreUpTo64AreAllowed() {
        for (String good : List.of("default", "work", "a", "9", "team-2_x", "x".repeat(64))) {
            assertThat(Profiles.requireValid(good)).isEqualTo(good);
        }
    }

    @Test
    void anythingElseIsAConfigurationErrorNamingTheRuleAndTheSetting() {
        for (String bad : BAD) {
            assertThatThrownBy(() -> Profiles.requireValid(bad)).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("profile name")
                    .hasMessageContaining("lowercase")
                    .hasMessageContaining("CODEX_AUTH_PROFILE");
        }
        assertThatThrownBy(() -> Profiles.requireValid(null)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void theInMemoryStoreFollowsTheSameRule() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        Credentials login = new Credentials("a", "r", null, Instant.EPOCH, null);
        for (String bad : BAD) {
            assertThatThrownBy(() -> store.save(bad, login)).as(bad).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> store.load(bad)).as(bad).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> store.delete(bad)).as(bad).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> store.lock(bad, Duration.ofSeconds(1))).as(bad).isInstanceOf(ConfigurationException.class);
        }
        store.save("work", login);
        assertThat(store.load("work")).contains(login);
    }
}
