package dev.codexauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplyTest {

    private static HttpTransport.Reply withRetryAfter(String value) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (value != null) {
            headers.put("retry-after", value);
        }
        return new HttpTransport.Reply(429, headers, new byte[0]);
    }

    @Test
    void retryAfterReadsWholeSecondsWhateverTheHeaderNamesCase() {
        assertThat(withRetryAfter("120").retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(withRetryAfter(" 0 ").retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterIsAbsentWhenMissingNegativeOrAnHttpDate() {
        assertThat(withRetryAfter(null).retryAfter()).isNull();
        assertThat(withRetryAfter("-5").retryAfter()).isNull();
        assertThat(withRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT").retryAfter()).isNull();
        assertThat(withRetryAfter("1.5").retryAfter()).isNull();
    }
}
