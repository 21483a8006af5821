package dev.codexauth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexauth.error.LoginException;
import org.junit.jupiter.api.Test;

class AuthorizationResponseTest {

    @Test
    void readsAFullRedirectUrl() {
        AuthorizationResponse r = AuthorizationResponse.fromPasted(
                "  http://localhost:1455/auth/callback?code=ac_123%2Bx&scope=openid&state=st_9  ");

        assertThat(r.code()).isEqualTo("ac_123+x");
        assertThat(r.state()).isEqualTo("st_9");
    }

    @Test
    void readsCodeHashState() {
        assertThat(AuthorizationResponse.fromPasted("ac_123#st_9"))
                .isEqualTo(new AuthorizationResponse("ac_123", "st_9", null, null));
    }

    @Test
    void readsAQueryStringWithOrWithoutTheQuestionMark() {
        assertThat(AuthorizationResponse.fromPasted("code=ac_1&state=st_1"))
                .isEqualTo(new AuthorizationResponse("ac_1", "st_1", null, null));
        assertThat(AuthorizationResponse.fromPasted("?state=st_2&code=ac_2"))
                .isEqualTo(new AuthorizationResponse("ac_2", "st_2", null, null));
    }

    @Test
    void readsABareCodeWithNoState() {
        assertThat(AuthorizationResponse.fromPasted("ac_bare-123"))
                .isEqualTo(new AuthorizationResponse("ac_bare-123", null, null, null));
    }

    @Test
    void anErrorRedirectIsReadAsAnError() {
        AuthorizationResponse r = AuthorizationResponse.fromPasted(
                "http://localhost:1455/auth/callback?error=access_denied&error_description=User+said+no&state=s");

        assertThat(r.isError()).isTrue();
        assertThat(r.failureMessage()).contains("denied").contains("User said no");
    }

    @Test
    void aMissingCodexEntitlementSaysCodexIsNotEnabledForTheWorkspace() {
        AuthorizationResponse r = AuthorizationResponse.fromQuery(
                "error=access_denied&error_description=missing_codex_entitlement&state=s");

        assertThat(r.failureMessage()).contains("Codex is not enabled for your ChatGPT workspace");
    }

    @Test
    void pastingNothingOrAnAddressWithoutACodeFailsClearlyWithoutQuotingIt() {
        assertThatThrownBy(() -> AuthorizationResponse.fromPasted("   ")).isInstanceOf(LoginException.class)
                .hasMessageContaining("Nothing was pasted");
        assertThatThrownBy(() -> AuthorizationResponse.fromPasted("http://localhost:1455/auth/callback?state=SECRET"))
                .isInstanceOf(LoginException.class).hasMessageContaining("no authorization code")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
        assertThatThrownBy(() -> AuthorizationResponse.fromPasted("http://local host/?code=SECRET"))
                .isInstanceOf(LoginException.class).hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }

    @Test
    void toStringShowsNeitherCodeNorState() {
        AuthorizationResponse r = new AuthorizationResponse("SECRET-CODE", "SECRET-STATE", null, null);

        assertThat(r.toString()).doesNotContain("SECRET");
    }
}
