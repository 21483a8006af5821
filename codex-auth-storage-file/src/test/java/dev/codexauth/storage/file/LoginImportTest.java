package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginImportTest {

    private static final long EXP = 1_767_500_000L;

    @TempDir
    Path dir;

    @Test
    void importsTheCodexCliLoginWithTheExpiryOfItsAccessToken() throws Exception {
        String access = Tokens.accessToken(EXP, "acct-from-access");
        Path file = write("auth.json", "{\"auth_mode\":\"chatgpt\",\"OPENAI_API_KEY\":null,\"tokens\":{\"id_token\":\"idt\","
                + "\"access_token\":\"" + access + "\",\"refresh_token\":\"rt-1\",\"account_id\":\"acct-1\"},"
                + "\"last_refresh\":\"2026-01-09T14:00:00.123456Z\"}");

        Credentials c = LoginImport.fromCodexCli(file);

        assertThat(c).isEqualTo(new Credentials(access, "rt-1", "idt", Instant.ofEpochSecond(EXP), "acct-1"));
    }

    @Test
    void takesTheCodexAccountIdFromTheIdTokenBeforeTheAccessToken() throws Exception {
        String id = Tokens.jwt("{\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"acct-from-id\"}}");
        Path file = write("auth.json", "{\"tokens\":{\"id_token\":\"" + id + "\",\"access_token\":\""
                + Tokens.accessToken(EXP, "acct-from-access") + "\",\"refresh_token\":\"rt\"}}");

        assertThat(LoginImport.fromCodexCli(file).accountId()).isEqualTo("acct-from-id");

        Path noId = write("auth2.json", "{\"tokens\":{\"access_token\":\"" + Tokens.accessToken(EXP, "acct-from-access")
                + "\",\"refresh_token\":\"rt\"}}");
        assertThat(LoginImport.fromCodexCli(noId).accountId()).isEqualTo("acct-from-access");
    }

    @Test
    void readsTokensEncodedInStandardBase64WithPadding() throws Exception {
        String payload = Base64.getEncoder().encodeToString(("{\"exp\":" + EXP + ",\"x\":\"??>>\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(payload).matches(".*[+/=].*");
        String access = "eyJhbGciOiJub25lIn0." + payload + ".sig";
        Path file = write("auth.json", "{\"tokens\":{\"access_token\":\"" + access + "\",\"refresh_token\":\"rt\"}}");

        assertThat(LoginImport.fromCodexCli(file).expiresAt()).isEqualTo(Instant.ofEpochSecond(EXP));
    }

    @Test
    void aMalformedAccessTokenIsAClearErrorWithoutTheToken() throws Exception {
        for (String bad : new String[] {"s3cr3t-not-a-jwt", "a.s3cr3t!!!.c", "a.czNjcjN0.c", "a." + base64("[1]") + ".s3cr3t", "a.b.c.s3cr3t"}) {
            Path file = write("auth.json", "{\"tokens\":{\"access_token\":\"" + bad + "\",\"refresh_token\":\"s3cr3t-r\"}}");

            StoreException e = catchThrowableOfType(StoreException.class, () -> LoginImport.fromCodexCli(file));

            assertThat(e.getMessage()).as(bad).contains(file.toString()).contains("access token")
                    .doesNotContain(Tokens.SECRET_MARK).doesNotContain(bad);
            assertThat(e.getCause()).isNull();
        }
    }

    @Test
    void aCodexFileWithAnApiKeyInsteadOfASignInIsRefusedClearly() throws Exception {
        Path file = write("auth.json", "{\"auth_mode\":\"apikey\",\"OPENAI_API_KEY\":\"sk-s3cr3t\",\"tokens\":null}");

        StoreException e = catchThrowableOfType(StoreException.class, () -> LoginImport.fromCodexCli(file));

        assertThat(e.getMessage()).contains("API key").doesNotContain(Tokens.SECRET_MARK);
        assertThat(e.recovery()).isEqualTo(Recovery.SIGN_IN);
    }

    @Test
    void aMissingFileSaysWhereItLooked() {
        Path missing = dir.resolve("nope/auth.json");

        assertThat(catchThrowableOfType(StoreException.class, () -> LoginImport.fromCodexCli(missing)))
                .hasMessageContaining(missing.toString()).hasMessageContaining("Codex CLI");
        assertThat(catchThrowableOfType(StoreException.class, () -> LoginImport.fromOpenCode(missing)))
                .hasMessageContaining(missing.toString()).hasMessageContaining("OpenCode");
    }

    @Test
    void importsOpenCodesOpenAiEntryAndKeepsItsOtherFields() throws Exception {
        Path file = write("opencode-auth.json", "{\"anthropic\":{\"type\":\"oauth\",\"access\":\"x\",\"refresh\":\"y\",\"expires\":1},"
                + "\"openai\":{\"type\":\"oauth\",\"refresh\":\"rt\",\"access\":\"" + Tokens.accessToken(EXP, "acct-a")
                + "\",\"expires\":1767000000000,\"accountId\":\"acct-9\",\"enterpriseUrl\":\"e\"}}");

        Credentials c = LoginImport.fromOpenCode(file);

        assertThat(c.refreshToken()).isEqualTo("rt");
        assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochMilli(1_767_000_000_000L));
        assertThat(c.accountId()).isEqualTo("acct-9");
        assertThat(c.extras()).isEqualTo(Map.of("enterpriseUrl", "e"));
    }

    @Test
    void anOpenCodeEntryWithoutExpiryOrAccountTakesThemFromTheAccessToken() throws Exception {
        Path file = write("opencode-auth.json", "{\"openai\":{\"type\":\"oauth\",\"refresh\":\"rt\",\"access\":\""
                + Tokens.accessToken(EXP, "acct-a") + "\"}}");

        Credentials c = LoginImport.fromOpenCode(file);

        assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochSecond(EXP));
        assertThat(c.accountId()).isEqualTo("acct-a");
    }

    @Test
    void anOpenCodeFileWithoutAnOpenAiSignInNamesWhatItHolds() throws Exception {
        Path file = write("opencode-auth.json", "{\"anthropic\":{\"type\":\"api\",\"key\":\"s3cr3t\"}}");
        assertThat(catchThrowableOfType(StoreException.class, () -> LoginImport.fromOpenCode(file)))
                .hasMessageContaining("no OpenAI login").hasMessageContaining("anthropic")
                .hasMessageNotContaining(Tokens.SECRET_MARK);

        Path apiKey = write("opencode-auth2.json", "{\"openai\":{\"type\":\"api\",\"key\":\"sk-s3cr3t\"}}");
        assertThat(catchThrowableOfType(StoreException.class, () -> LoginImport.fromOpenCode(apiKey)))
                .hasMessageContaining("type 'api'").hasMessageNotContaining(Tokens.SECRET_MARK);

        Path broken = write("opencode-auth3.json", "{\"openai\":{\"type\":\"oauth\",\"access\":\"s3cr3t");
        assertThat(catchThrowableOfType(StoreException.class, () -> LoginImport.fromOpenCode(broken)))
                .hasMessageContaining("not valid JSON").hasMessageNotContaining(Tokens.SECRET_MARK);
    }

    @Test
    void neitherImportChangesTheFileItReads() throws Exception {
        Path codex = write("codex.json", "{\"tokens\":{\"access_token\":\"" + Tokens.accessToken(EXP, "a")
                + "\",\"refresh_token\":\"rt\"}}");
        Path opencode = write("opencode.json", "{\"openai\":{\"type\":\"oauth\",\"refresh\":\"rt\",\"access\":\""
                + Tokens.accessToken(EXP, "a") + "\"}}");
        FileTime old = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(codex, old);
        Files.setLastModifiedTime(opencode, old);
        byte[] codexBefore = Files.readAllBytes(codex);
        byte[] opencodeBefore = Files.readAllBytes(opencode);
        var codexMode = Files.getPosixFilePermissions(codex);

        LoginImport.fromCodexCli(codex);
        LoginImport.fromOpenCode(opencode);

        assertThat(Files.readAllBytes(codex)).isEqualTo(codexBefore);
        assertThat(Files.readAllBytes(opencode)).isEqualTo(opencodeBefore);
        assertThat(Files.getLastModifiedTime(codex)).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(opencode)).isEqualTo(old);
        assertThat(Files.getPosixFilePermissions(codex)).isEqualTo(codexMode);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void findsTheFilesWhereEachProgramKeepsThem() {
        Path home = Path.of("/home/u");
        assertThat(LoginImport.codexCliFile(Map.of(), home)).isEqualTo(Path.of("/home/u/.codex/auth.json"));
        assertThat(LoginImport.codexCliFile(Map.of("CODEX_HOME", "/opt/codex"), home)).isEqualTo(Path.of("/opt/codex/auth.json"));
        assertThat(LoginImport.openCodeFile(Map.of(), home)).isEqualTo(Path.of("/home/u/.local/share/opencode/auth.json"));
        assertThat(LoginImport.openCodeFile(Map.of("XDG_DATA_HOME", "/data"), home)).isEqualTo(Path.of("/data/opencode/auth.json"));
    }

    @Test
    void importedCredentialsRoundTripThroughTheFileStore() throws Exception {
        Path file = write("auth.json", "{\"tokens\":{\"access_token\":\"" + Tokens.accessToken(EXP, "acct-a")
                + "\",\"refresh_token\":\"rt\",\"id_token\":\"idt\"}}");
        FileTokenStore store = FileTokenStore.builder().directory(dir.resolve("auth")).build();

        Credentials imported = LoginImport.fromCodexCli(file);
        store.save("default", imported);

        assertThat(store.load("default")).contains(imported);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String base64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
