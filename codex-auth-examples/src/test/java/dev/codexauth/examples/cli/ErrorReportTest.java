package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.LoginException;
import dev.codexauth.error.ProtocolException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.RequestRejectedException;
import dev.codexauth.error.SignInRequiredException;
import dev.codexauth.error.StoreException;
import dev.codexauth.error.TransientException;
import dev.codexauth.error.UsageLimitException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErrorReportTest {

    @Test
    void eachKindOfFailureHasItsExitStatus() {
        assertThat(ErrorReport.exitCode(new SignInRequiredException("No login.", "refresh_token_reused"))).isEqualTo(3);
        assertThat(ErrorReport.exitCode(new UsageLimitException("Limit.", "usage_limit_reached", "plus", null, 100.0))).isEqualTo(4);
        assertThat(ErrorReport.exitCode(new ErrorReport.UsageError("No prompt."))).isEqualTo(2);
        assertThat(ErrorReport.exitCode(new TransientException("Down.", null))).isEqualTo(1);
        assertThat(ErrorReport.exitCode(new RequestRejectedException("Bad model.", 400, "x", "req-1"))).isEqualTo(1);
        assertThat(ErrorReport.exitCode(new StoreException("Locked.", null))).isEqualTo(1);
        assertThat(ErrorReport.exitCode(new ConfigurationException("Bad URL."))).isEqualTo(1);
        assertThat(ErrorReport.exitCode(new LoginException("Denied."))).isEqualTo(1);
        assertThat(ErrorReport.exitCode(new ProtocolException("Cut.", Recovery.RETRY, null))).isEqualTo(1);
        assertThat(ErrorReport.exitCode(new IllegalStateException("bug"))).isEqualTo(1);
    }

    @Test
    void aFailureWrappedByPicocliIsReportedByWhatItWraps() {
        var wrapped = new picocli.CommandLine.ExecutionException(new picocli.CommandLine(new CodexAuthCli()), "x",
                new UsageLimitException("Limit.", "usage_limit_reached", null, null, null));
        assertThat(ErrorReport.exitCode(wrapped)).isEqualTo(4);
    }

    @Test
    void signInRequiredSaysWhichCommandSignsIn() {
        assertThat(ErrorReport.message(new SignInRequiredException("The login was revoked. Sign in again.")))
                .startsWith("The login was revoked. Sign in again.").contains("codex-auth login");
    }

    @Test
    void aServerRequestedWaitIsMentioned() {
        assertThat(ErrorReport.message(new TransientException("The backend is overloaded.", Duration.ofSeconds(11), null)))
                .isEqualTo("The backend is overloaded. (The server asked to wait 11 s.)");
    }

    @Test
    void aBugShowsOnlyItsTypeWithoutDebugAndItsStackWithDebug() {
        RuntimeException bug = new IllegalStateException("internal detail eyJhbGciOi");
        String plain = report(bug, false);
        assertThat(plain).contains("IllegalStateException").contains("--debug").doesNotContain("internal detail")
                .doesNotContain("\tat ");
        assertThat(report(bug, true)).contains("internal detail").contains("\tat ");
    }

    @Test
    void debugAddsTheServersCodesAndRequestId() {
        String out = report(new RequestRejectedException("Pick another model.", 404, "model_not_found", "req-42"), true);
        assertThat(out).startsWith("codex-auth: Pick another model.").contains("status: 404")
                .contains("code: model_not_found").contains("request id: req-42");
        String limit = report(new UsageLimitException("Limit.", "usage_limit_reached", "pro",
                Instant.parse("2026-12-04T18:00:00Z"), 100.0), true);
        assertThat(limit).contains("plan: pro").contains("resets at: 2026-12-04T18:00:00Z");
    }

    @Test
    void aFileProblemNamesTheFile() {
        assertThat(ErrorReport.message(new UncheckedIOException(new NoSuchFileException("/data/x.json"))))
                .contains("/data/x.json").contains("permissions");
    }

    private static String report(Throwable t, boolean debug) {
        StringWriter text = new StringWriter();
        ErrorReport.report(t, debug, new PrintWriter(text));
        return text.toString();
    }
}
