package dev.codexauth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    void theVerifierIsBase64UrlWithoutPaddingWithinRfc7636Length() {
        Pkce pkce = Pkce.generate(new SecureRandom());

        assertThat(pkce.verifier()).matches("[A-Za-z0-9_-]{43,128}");
        assertThat(pkce.challenge()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void theChallengeIsTheS256OfTheVerifier() {
        // expected value computed independently: base64url(sha256(verifier)) without padding, by Python's hashlib
        assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mJ92K1GTdHNcJUFwFyJhZYCdQiZ-VQ"))
                .isEqualTo("IQYZgN-vBWUTtS852iC0M2tN6oyJXhs6CvK9Whk4R0Q");
    }

    @Test
    void everyPairIsFreshAndToStringShowsNeitherHalf() {
        SecureRandom random = new SecureRandom();
        Pkce a = Pkce.generate(random);
        Pkce b = Pkce.generate(random);

        assertThat(a.verifier()).isNotEqualTo(b.verifier());
        assertThat(a.toString()).doesNotContain(a.verifier()).doesNotContain(a.challenge());
    }
}
