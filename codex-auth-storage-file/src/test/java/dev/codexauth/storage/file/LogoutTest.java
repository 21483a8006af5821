package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.auth.DeviceCode;
import dev.codexauth.auth.Issuer;
import dev.codexauth.auth.TokenResponse;
import dev.codexauth.config.Settings;
import dev.codexauth.token.LogoutResult;
import dev.codexauth.token.RefreshingCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A library logout over the real file store: what is left on disk afterwards. */
class LogoutTest {

    @TempDir
    Path home;

    private final RevokeRecorder issuer = new RevokeRecorder();

    private RefreshingCredentials credentials(FileTokenStore store) {
        Settings settings = Settings.builder(new Properties(), Map.of()).home(home).build();
        return RefreshingCredentials.builder(settings, store, issuer).build();
    }

    private FileTokenStore store() {
        return FileTokenStore.builder().directory(home.resolve("auth")).build();
    }

    @Test
    void logoutOfAnUnreadableLoginFileDeletesItWithoutRevokingAndLeavesNoCopyOfIt() throws Exception {
        FileTokenStore store = store();
        store.save("default", Tokens.credentials("good"));
        Path file = store.file("default");
        Files.writeString(file, "{\"type\":\"oauth\",\"access\":\"s3cr3t-access\",\"refresh\":\"s3cr3t-ref",
                StandardCharsets.UTF_8);

        LogoutResult result = credentials(store).logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.SKIPPED_UNREADABLE);
        assertThat(result.deleted()).isTrue();
        assertThat(result.message()).contains("without revoking it").doesNotContain(Tokens.SECRET_MARK);
        assertThat(issuer.revoked).isEmpty();
        try (Stream<Path> left = Files.list(store.directory())) {
            // only the lock file: neither the record nor a .corrupt-* copy of it, nor a temp file
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("openai.json.lock");
        }
    }

    @Test
    void logoutDeletesACopyMovedAsideAsUnreadableEvenWhenNoLoginFileIsLeft() throws Exception {
        FileTokenStore store = store();
        store.save("default", Tokens.credentials("good"));
        Files.writeString(store.file("default"), "{\"type\":\"oauth\",\"access\":\"s3cr3t-access\",\"refresh",
                StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.catchThrowable(() -> store.load("default")); // moves it aside
        assertThat(store.file("default")).doesNotExist();

        LogoutResult result = credentials(store).logout();

        assertThat(result.deleted()).isTrue();
        try (Stream<Path> left = Files.list(store.directory())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("openai.json.lock");
        }
    }

    @Test
    void logoutWithNothingSavedCreatesNeitherTheDirectoryNorALockFile() {
        LogoutResult result = credentials(store()).logout();

        assertThat(result.revocation()).isEqualTo(LogoutResult.Revocation.NOTHING_TO_REVOKE);
        assertThat(result.deleted()).isFalse();
        assertThat(home.resolve("auth")).doesNotExist();
    }

    @Test
    void logoutWithAnEmptyAuthDirectoryCreatesNoLockFile() throws Exception {
        Files.createDirectories(home.resolve("auth"));

        credentials(store()).logout();

        try (Stream<Path> left = Files.list(home.resolve("auth"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void peekLeavesAnUnreadableFileInPlaceWhileLoadMovesItAside() throws Exception {
        FileTokenStore store = store();
        store.save("work", Tokens.credentials("good"));
        Files.writeString(store.file("work"), "not json", StandardCharsets.UTF_8);

        assertThat(store.contains("work")).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.peek("work"))
                .isInstanceOf(dev.codexauth.error.StoreException.class).hasMessageContaining("Sign in again");
        assertThat(store.file("work")).exists();
        assertThat(store.contains("other")).isFalse();
    }

    /** Records revocations; nothing else is asked of it by a logout. */
    private static final class RevokeRecorder implements Issuer {
        final List<String> revoked = new CopyOnWriteArrayList<>();

        @Override
        public void revoke(String refreshToken) {
            revoked.add(refreshToken);
        }

        @Override
        public TokenResponse exchangeCode(String code, String codeVerifier, URI redirectUri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TokenResponse refresh(String refreshToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeviceCode requestDeviceCode() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<DeviceApproval> pollDeviceCode(DeviceCode deviceCode) {
            throw new UnsupportedOperationException();
        }
    }
}
