package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.codexauth.token.Credentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Hostile token files for the file store's record reader. Regression inputs live in
 * {@code src/test/resources/dev/codexauth/storage/file/OpenCodeRecordFuzzTestInputs/}; to fuzz for real:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s ./mvnw -pl codex-auth-storage-file -am test -Dtest=OpenCodeRecordFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OpenCodeRecordFuzzTest {

    private static final String SECRET = "rt_SECRET0123456789refresh";

    /**
     * Any file content (raw bytes, or a record around a real-looking refresh token): credentials that
     * write back to a record they read again, or {@link OpenCodeRecord.Unreadable} saying why, quoting nothing.
     */
    @FuzzTest(maxDuration = "20s")
    void anyFileGivesCredentialsOrAReasonThatQuotesNothingOfIt(FuzzedDataProvider data) throws Exception {
        boolean raw = data.consumeBoolean();
        String rest = data.consumeRemainingAsString();
        byte[] file = raw ? rest.getBytes(StandardCharsets.UTF_8)
                : ("{\"type\":\"oauth\",\"refresh\":\"" + SECRET + "\"," + rest).getBytes(StandardCharsets.UTF_8);
        Credentials read;
        try {
            read = OpenCodeRecord.parse(file);
        } catch (OpenCodeRecord.Unreadable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace + e.toString()).doesNotContain(SECRET);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(read.toString()).doesNotContain(SECRET);
        // what was read is written back whole (unknown fields kept) and reads the same
        Credentials again = OpenCodeRecord.parse(OpenCodeRecord.toJson(read).getBytes(StandardCharsets.UTF_8));
        assertThat(again).isEqualTo(read);
    }

    /** A record without 'expires' whose token claims an expiry beyond the calendar threw DateTimeException. */
    @org.junit.jupiter.api.Test
    void anExpiryBeyondTheCalendarIsAReasonNotACrash() {
        String token = "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"exp\":1e300}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        byte[] file = ("{\"type\":\"oauth\",\"access\":\"" + token + "\",\"refresh\":\"" + SECRET + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenCodeRecord.parse(file))
                .isInstanceOf(OpenCodeRecord.Unreadable.class).hasMessageContaining("expir");
    }
}
