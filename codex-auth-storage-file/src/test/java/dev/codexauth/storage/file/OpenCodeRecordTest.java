package dev.codexauth.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.token.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenCodeRecordTest {

    private static final Credentials LOGIN = new Credentials("s3cr3t-a", "s3cr3t-r", "s3cr3t-i",
            Instant.ofEpochMilli(1_767_000_000_123L), "acct-1", Map.of("zeta", 1, "alpha", Map.of("n", true)));

    @Test
    void theCompactRecordHasTheKnownFieldsFirstThenTheExtrasInNameOrder() {
        assertThat(OpenCodeRecord.toJson(LOGIN)).isEqualTo("{\"type\":\"oauth\",\"access\":\"s3cr3t-a\","
                + "\"refresh\":\"s3cr3t-r\",\"expires\":1767000000123,\"accountId\":\"acct-1\",\"idToken\":\"s3cr3t-i\","
                + "\"alpha\":{\"n\":true},\"zeta\":1}");
    }

    @Test
    void theCompactAndTheIndentedRecordReadBackAsTheSameLogin() throws Exception {
        assertThat(OpenCodeRecord.fromJson(OpenCodeRecord.toJson(LOGIN), "a test")).isEqualTo(LOGIN);
        assertThat(OpenCodeRecord.parse(OpenCodeRecord.toIndentedJson(LOGIN))).isEqualTo(LOGIN);
        assertThat(new String(OpenCodeRecord.toIndentedJson(LOGIN), StandardCharsets.UTF_8)).contains("\n");
    }

    @Test
    void anUnreadableRecordIsAStoreErrorNamingWhereItIsAndQuotingNothing() {
        for (String bad : new String[] {"{\"type\":\"oauth\",\"access\":\"s3cr3t-a\",\"refresh\":", "[\"s3cr3t\"]",
                "{\"type\":\"oauth\",\"access\":\"s3cr3t-a\",\"expires\":1}", "{\"type\":\"api\",\"key\":\"s3cr3t\"}"}) {
            StoreException e = catchThrowableOfType(StoreException.class, () -> OpenCodeRecord.fromJson(bad, "the place P"));

            assertThat(e.getMessage()).as(bad).contains("the place P").contains("cannot be read").doesNotContain("s3cr3t");
            assertThat(e.recovery()).isEqualTo(Recovery.SIGN_IN);
            assertThat(e.getCause()).isNull();
        }
    }

    @Test
    void sameRecordIgnoresNumberTypesAndTheOrderOfNestedFields() {
        Credentials withLong = LOGIN.withExtras(Map.of("zeta", 1L, "alpha", Map.of("n", true)));

        assertThat(OpenCodeRecord.sameRecord(LOGIN, withLong)).isTrue();
        assertThat(OpenCodeRecord.sameRecord(LOGIN, LOGIN.withExtras(Map.of()))).isFalse();
    }
}
