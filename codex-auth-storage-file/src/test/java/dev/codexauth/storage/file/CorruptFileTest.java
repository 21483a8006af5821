package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorruptFileTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T16:30:05.123Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private Path dir;
    private FileTokenStore store;

    private void storeWith(String content) throws Exception {
        dir = home.resolve("auth");
        store = FileTokenStore.builder().directory(dir).clock(CLOCK).build();
        store.save("default", Tokens.credentials("good"));
        Files.writeString(dir.resolve("openai.json"), content, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"oauth\",\"access\":\"s3cr3t-access\",\"refresh\":\"s3cr3t-ref",  // truncated mid-token
        "",                                                                             // truncated to nothing
        "{\"type\":\"oauth\",\"access\":\"s3cr3t-a\",\"refresh\":\"s3cr3t-r\",\"expires\":1} s3cr3t-junk",
        "[\"s3cr3t\"]",
        "{\"type\":\"oauth\",\"access\":\"s3cr3t-a\",\"expires\":1}",                   // no refresh token
        "{\"type\":\"oauth\",\"access\":\"s3cr3t-a\",\"refresh\":\"s3cr3t-r\",\"expires\":\"s3cr3t\"}",
        "{\"type\":\"api\",\"key\":\"sk-s3cr3t\"}",
        "\u0000\u0000\u0000\u0000"
    })
    void anUnreadableRecordIsMovedAsideAndTheUserToldToSignInAgain(String content) throws Exception {
        storeWith(content);

        StoreException e = catchThrowableOfType(StoreException.class, () -> store.load("default"));

        Path aside = dir.resolve("openai.json.corrupt-20261204T163005123Z");
        assertThat(e.getMessage())
                .contains(dir.resolve("openai.json").toString())
                .contains(aside.toString())
                .contains("Sign in again")
                .doesNotContain(Tokens.SECRET_MARK);
        assertThat(e.getCause()).isNull();
        assertThat(e.recovery()).isEqualTo(Recovery.SIGN_IN);
        assertThat(aside).hasContent(content);
        assertThat(Files.getPosixFilePermissions(aside)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.resolve("openai.json")).doesNotExist();
        // after which there is simply no login, until the user signs in again
        assertThat(store.load("default")).isEmpty();
    }

    @Test
    void theMessageSaysWhereTheJsonBreaks() throws Exception {
        storeWith("{\n  \"type\": \"oauth\",\n  \"access\": ");

        StoreException e = catchThrowableOfType(StoreException.class, () -> store.load("default"));

        assertThat(e.getMessage()).contains("not valid JSON").contains("line 3");
    }

    @Test
    void twoCorruptFilesInTheSameMillisecondAreBothKept() throws Exception {
        storeWith("{broken one");
        catchThrowableOfType(StoreException.class, () -> store.load("default"));
        Files.writeString(dir.resolve("openai.json"), "{broken two");

        StoreException e = catchThrowableOfType(StoreException.class, () -> store.load("default"));

        assertThat(e.getMessage()).contains("openai.json.corrupt-20261204T163005123Z-1");
        assertThat(dir.resolve("openai.json.corrupt-20261204T163005123Z")).hasContent("{broken one");
        assertThat(dir.resolve("openai.json.corrupt-20261204T163005123Z-1")).hasContent("{broken two");
    }

    @Test
    void savingOverAnUnreadableRecordKeepsItAside() throws Exception {
        storeWith("{\"type\":\"oauth\",\"acc");
        Credentials fresh = Tokens.credentials("fresh");

        store.save("default", fresh);

        assertThat(store.load("default")).contains(fresh);
        assertThat(dir.resolve("openai.json.corrupt-20261204T163005123Z")).hasContent("{\"type\":\"oauth\",\"acc");
    }

    @Test
    void aRecordLargerThanAnyLoginIsNotReadIntoMemoryWhole() throws Exception {
        dir = home.resolve("auth");
        store = FileTokenStore.builder().directory(dir).clock(CLOCK).build();
        Files.createDirectories(dir);
        Files.write(dir.resolve("openai.json"), new byte[3 << 20]);

        StoreException e = catchThrowableOfType(StoreException.class, () -> store.load("default"));

        assertThat(e.getMessage()).contains("larger than any login record");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .contains("openai.json.corrupt-20261204T163005123Z").doesNotContain("openai.json");
        }
    }

    @Test
    void otherProfilesAreUntouchedByOneCorruptRecord() throws Exception {
        storeWith("garbage");
        store.save("work", Tokens.credentials("work"));

        catchThrowableOfType(StoreException.class, () -> store.load("default"));

        assertThat(store.load("work").orElseThrow().accountId()).isEqualTo("acct-work");
        assertThat(store.profiles()).isEqualTo(List.of("work"));
    }
}
