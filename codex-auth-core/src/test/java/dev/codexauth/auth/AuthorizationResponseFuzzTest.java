package dev.codexauth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.codexauth.error.LoginException;

/**
 * Hostile callbacks and pastes for the login's parsers: the loopback callback's query string and the
 * manual-paste text. Regression inputs live in
 * {@code src/test/resources/dev/codexauth/auth/AuthorizationResponseFuzzTestInputs/<method>/}; to fuzz for real:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=60s ./mvnw -pl codex-auth-core test -Dtest='AuthorizationResponseFuzzTest#<method>'}.
 */
class AuthorizationResponseFuzzTest {

    private static final String CODE = "ac_CODE0123456789secret";
    private static final String STATE = "STATE0123456789secret";

    /** Any query string (with a real code and state somewhere in it): parsed, never thrown, never shown by toString. */
    @FuzzTest(maxDuration = "20s")
    void anyCallbackQueryIsParsedAndItsCodeAndStateStayOutOfToString(FuzzedDataProvider data) {
        String before = data.consumeString(200);
        String after = data.consumeRemainingAsString();
        String query = before + "&code=" + CODE + "&state=" + STATE + "&" + after;
        AuthorizationResponse response = AuthorizationResponse.fromQuery(query);
        assertThat(response.toString()).doesNotContain(CODE).doesNotContain(STATE);
        if (response.isError()) {
            assertThat(response.failureMessage()).isNotBlank();
        }
    }

    /** Any pasted text: a response, or a {@link LoginException} that says what to paste and never quotes the text. */
    @FuzzTest(maxDuration = "20s")
    void anyPastedTextGivesACodeOrAClearErrorThatDoesNotQuoteIt(FuzzedDataProvider data) {
        int shape = data.consumeInt(0, 3);
        String noise = data.consumeRemainingAsString();
        String pasted = switch (shape) {
            case 0 -> noise;
            case 1 -> "http://localhost:1455/auth/callback?" + noise + "&code=" + CODE + "&state=" + STATE;
            case 2 -> noise + CODE + "#" + STATE;
            default -> CODE + noise;
        };
        try {
            AuthorizationResponse response = AuthorizationResponse.fromPasted(pasted);
            assertThat(response.code() != null || response.isError()).isTrue();
            assertThat(response.toString()).doesNotContain(CODE).doesNotContain(STATE);
        } catch (LoginException e) {
            String everything = TokenClaimsFuzzTest.trace(e);
            assertThat(everything).doesNotContain(CODE).doesNotContain(STATE);
            if (pasted.strip().length() >= 16) {
                assertThat(everything).doesNotContain(pasted.strip());
            }
            assertThat(e.getMessage()).containsIgnoringCase("paste");
        }
    }
}
