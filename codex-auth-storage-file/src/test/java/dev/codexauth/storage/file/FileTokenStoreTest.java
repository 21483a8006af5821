package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.TokenStore;
import dev.codexauth.token.TokenStoreProvider;
import dev.codexauth.token.TokenStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private FileTokenStore store() {
        return FileTokenStore.builder().directory(home.resolve("auth")).build();
    }

    /** The default profile's record as another program (OpenCode) would have written it. */
    private Path writeRecord(String json) throws Exception {
        Path file = home.resolve("auth/openai.json");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    @Test
    void savedCredentialsLoadBackUnchanged() {
        FileTokenStore store = store();
        Credentials saved = Tokens.credentials("a").withExtras(Map.of("note", "kept"));

        store.save("default", saved);

        assertThat(store.load("default")).contains(saved);
    }

    @Test
    void aMissingFileIsNoLogin() {
        assertThat(store().load("default")).isEmpty();
        assertThat(store().load("work")).isEmpty();
    }

    @Test
    void writesOpenCodesRecordShapeAtTheDefaultPath() throws Exception {
        FileTokenStore store = store();
        store.save("default", Tokens.credentials("a"));

        JsonNode record = JSON.readTree(home.resolve("auth/openai.json").toFile());
        assertThat(record.get("type").asText()).isEqualTo("oauth");
        assertThat(record.get("access").asText()).isEqualTo(Tokens.SECRET_MARK + "-access-a");
        assertThat(record.get("refresh").asText()).isEqualTo(Tokens.SECRET_MARK + "-refresh-a");
        assertThat(record.get("expires").isIntegralNumber()).isTrue();
        assertThat(record.get("expires").asLong()).isEqualTo(1_767_000_000_000L);
        assertThat(record.get("accountId").asText()).isEqualTo("acct-a");
        assertThat(record.get("idToken").asText()).isEqualTo(Tokens.SECRET_MARK + "-id-a");
    }

    @Test
    void readsARecordWrittenByOpenCode() throws Exception {
        writeRecord("{\n  \"type\": \"oauth\",\n  \"refresh\": \"r1\",\n  \"access\": \"a1\",\n"
                + "  \"expires\": 1767000000000,\n  \"accountId\": \"acct-1\"\n}\n");

        Credentials loaded = store().load("default").orElseThrow();

        assertThat(loaded).isEqualTo(new Credentials("a1", "r1", null, Instant.ofEpochMilli(1_767_000_000_000L), "acct-1"));
    }

    @Test
    void fieldsThisLibraryDoesNotKnowSurviveARewrite() throws Exception {
        Path file = writeRecord("{\"type\":\"oauth\",\"access\":\"a1\",\"refresh\":\"r1\",\"expires\":1,"
                + "\"accountId\":\"acct\",\"enterpriseUrl\":\"https://x.example\",\"nested\":{\"k\":[1,2,null]},\"gone\":null}");
        FileTokenStore store = store();

        Credentials loaded = store.load("default").orElseThrow();
        assertThat(loaded.extras()).containsEntry("enterpriseUrl", "https://x.example")
                .containsEntry("gone", NullNode.getInstance());
        // a refresh that builds new credentials without the extras still keeps them
        store.save("default", new Credentials("a2", "r2", null, Instant.ofEpochMilli(2), "acct"));

        JsonNode record = JSON.readTree(file.toFile());
        assertThat(record.get("access").asText()).isEqualTo("a2");
        assertThat(record.get("enterpriseUrl").asText()).isEqualTo("https://x.example");
        assertThat(record.get("nested").toString()).isEqualTo("{\"k\":[1,2,null]}");
        assertThat(record.has("gone")).isTrue();
        assertThat(record.get("gone").isNull()).isTrue();
    }

    @Test
    void extrasOfTheSavedCredentialsWinOverThoseInTheFile() {
        FileTokenStore store = store();
        store.save("default", Tokens.credentials("a").withExtras(Map.of("plan", "plus", "other", 1)));

        store.save("default", Tokens.credentials("b").withExtras(Map.of("plan", "pro")));

        assertThat(store.load("default").orElseThrow().extras()).containsEntry("plan", "pro").containsEntry("other", 1);
    }

    @Test
    void anAccountIdMissingFromTheRecordIsReadFromTheIdToken() throws Exception {
        String id = Tokens.jwt("{\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"from-id\"}}");
        writeRecord("{\"type\":\"oauth\",\"access\":\"a\",\"refresh\":\"r\",\"expires\":5,\"idToken\":\"" + id + "\"}");

        assertThat(store().load("default").orElseThrow().accountId()).isEqualTo("from-id");
    }

    @Test
    void profilesAreSeparateRecords() {
        FileTokenStore store = store();
        store.save("default", Tokens.credentials("personal"));
        store.save("work", Tokens.credentials("work"));

        assertThat(store.load("default").orElseThrow().accountId()).isEqualTo("acct-personal");
        assertThat(store.load("work").orElseThrow().accountId()).isEqualTo("acct-work");
        assertThat(home.resolve("auth/openai.json")).exists();
        assertThat(home.resolve("auth/openai-work.json")).exists();
        assertThat(store.profiles()).containsExactly("default", "work");

        assertThat(store.delete("work")).isTrue();
        assertThat(store.delete("work")).isFalse();
        assertThat(store.load("work")).isEmpty();
        assertThat(store.load("default")).isPresent();
        assertThat(store.profiles()).containsExactly("default");
    }

    @Test
    void deleteKeepsTheLockFileAndWorksWithoutADirectory() {
        FileTokenStore store = store();
        assertThat(store.delete("default")).isFalse();
        assertThat(home.resolve("auth")).doesNotExist();

        store.save("default", Tokens.credentials("a"));
        assertThat(store.delete("default")).isTrue();

        assertThat(home.resolve("auth/openai.json")).doesNotExist();
        assertThat(home.resolve("auth/openai.json.lock")).exists();
    }

    @Test
    void profileNamesThatCouldEscapeTheDirectoryAreRefused() {
        FileTokenStore store = store();
        for (String bad : List.of("../x", "a/b", "a\\b", "..", ".", "", "Work", "a.json", "-x", "x".repeat(65), "a b", "a\0b")) {
            assertThatThrownBy(() -> store.save(bad, Tokens.credentials("a")))
                    .as(bad).isInstanceOf(ConfigurationException.class).hasMessageContaining("profile name");
            assertThatThrownBy(() -> store.load(bad)).as(bad).isInstanceOf(ConfigurationException.class);
        }
        assertThat(store.file("work_2-b")).isEqualTo(home.resolve("auth/openai-work_2-b.json"));
        assertThat(home.resolve("auth")).doesNotExist();
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsAClearErrorThatLosesNothing() throws Exception {
        Path blocker = Files.writeString(home.resolve("not-a-dir"), "x");
        FileTokenStore store = FileTokenStore.builder().directory(blocker.resolve("auth")).build();

        assertThatThrownBy(() -> store.save("default", Tokens.credentials("a")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(blocker.resolve("auth").toString())
                .hasMessageContaining(Settings.HOME)
                .hasMessageNotContaining(Tokens.SECRET_MARK);
        assertThatThrownBy(() -> store.load("default"))
                .isInstanceOf(StoreException.class).hasMessageContaining(blocker.resolve("auth/openai.json").toString());
        assertThat(blocker).hasContent("x");
    }

    @Test
    void describesItselfWithoutAnyToken() {
        FileTokenStore store = store();
        store.save("default", Tokens.credentials("a"));

        assertThat(store.toString()).contains(home.resolve("auth").toString()).doesNotContain(Tokens.SECRET_MARK);
        assertThat(store.location()).isEqualTo(home.resolve("auth").toString());
        assertThat(store.load("default").orElseThrow().toString()).doesNotContain(Tokens.SECRET_MARK);
    }

    @Test
    void serviceLoaderOpensItAsFileInTheSettingsAuthDirectory() {
        TokenStoreProvider provider = TokenStores.provider("file").orElseThrow();
        assertThat(provider).isInstanceOf(FileTokenStoreProvider.class);
        assertThat(provider.priority()).isEqualTo(50);
        assertThat(TokenStores.providers()).extracting(TokenStoreProvider::name).containsSubsequence("file", "memory");

        Settings settings = Settings.builder(new Properties(), Map.of()).home(home).store("file").build();
        assertThat(provider.availability(settings).usable()).isTrue();
        try (TokenStore store = TokenStores.open(settings)) {
            assertThat(store.name()).isEqualTo("file");
            store.save("default", Tokens.credentials("a"));
        }
        assertThat(settings.authDir().resolve("openai.json")).exists();
    }

    @Test
    void isUnavailableWhereTheDirectoryCannotBeCreated() throws Exception {
        Path notADirectory = Files.writeString(home.resolve("plain-file"), "x", StandardCharsets.UTF_8);
        Settings settings = Settings.builder(new Properties(), Map.of()).home(notADirectory).build();

        TokenStoreProvider.Availability availability = new FileTokenStoreProvider().availability(settings);

        assertThat(availability.usable()).isFalse();
        assertThat(availability.reason()).contains("not a directory");
    }
}
