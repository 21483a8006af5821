package dev.codexauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TokenStoresTest {

    @Test
    void serviceLoaderFindsTheMemoryStore() {
        assertThat(TokenStores.providers()).extracting(TokenStoreProvider::name).contains("memory");

        try (TokenStore store = TokenStores.open(settings("memory"))) {
            assertThat(store).isInstanceOf(InMemoryTokenStore.class);
            assertThat(store.name()).isEqualTo("memory");
        }
    }

    @Test
    void anUnknownStoreNameIsAClearErrorListingTheAvailableOnes() {
        assertThatThrownBy(() -> TokenStores.open(settings("vault")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'vault'")
                .hasMessageContaining("memory");
    }

    @Test
    void theMemoryStoreSavesLoadsAndDeletesPerProfile() {
        TokenStore store = new InMemoryTokenStore();
        Credentials work = new Credentials("a", "r", null, Instant.EPOCH, "acct-work");

        store.save("work", work);

        assertThat(store.load("work")).contains(work);
        assertThat(store.load("default")).isEmpty();
        assertThat(store.delete("work")).isTrue();
        assertThat(store.delete("work")).isFalse();
    }

    private static Settings settings(String store) {
        return Settings.builder(new Properties(), Map.of()).store(store).build();
    }
}
