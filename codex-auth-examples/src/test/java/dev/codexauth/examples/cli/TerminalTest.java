package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TerminalTest {

    @Test
    void aBarIsFilledInProportionAndClamped() {
        assertThat(Terminal.bar(0, 10)).isEqualTo("[..........]");
        assertThat(Terminal.bar(42, 10)).isEqualTo("[####......]");
        assertThat(Terminal.bar(100, 10)).isEqualTo("[##########]");
        assertThat(Terminal.bar(250, 10)).isEqualTo("[##########]");
        assertThat(Terminal.bar(-5, 4)).isEqualTo("[....]");
    }

    @Test
    void durationsReadTheWayPeopleSayThem() {
        assertThat(Terminal.human(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(Terminal.human(Duration.ofMinutes(42))).isEqualTo("42 min");
        assertThat(Terminal.human(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
        assertThat(Terminal.human(Duration.ofHours(5))).isEqualTo("5 h");
        assertThat(Terminal.human(Duration.ofHours(52))).isEqualTo("2 d 4 h");
        assertThat(Terminal.human(Duration.ofSeconds(-3))).isEqualTo("0 s");
    }

    @Test
    void windowsAreNamedByTheirLength() {
        assertThat(UsageCommand.name(300, "5-hour")).isEqualTo("5-hour window");
        assertThat(UsageCommand.name(10080, "weekly")).isEqualTo("weekly window");
        assertThat(UsageCommand.name(90, "5-hour")).isEqualTo("90-minute window");
        assertThat(UsageCommand.name(null, "weekly")).isEqualTo("weekly window");
    }

    @Test
    void waitingWithoutATerminalIsOnePlainLineWithNoControlCharacters() throws Exception {
        StringWriter text = new StringWriter();
        try (AutoCloseable waiting = Terminal.waiting("Waiting for the browser", new PrintWriter(text), false)) {
            assertThat(waiting).isNotNull();
        }
        assertThat(text.toString()).isEqualTo("Waiting for the browser..." + System.lineSeparator());
    }

    @Test
    void waitingOnATerminalSpinsAndClearsItsLineWhenDone() throws Exception {
        StringWriter text = new StringWriter();
        AutoCloseable waiting = Terminal.waiting("Waiting", new PrintWriter(text), true);
        while (!text.toString().contains("Waiting")) {
            Thread.onSpinWait();
        }
        waiting.close();
        assertThat(text.toString()).startsWith("\r").contains("Waiting").endsWith("\r");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("codex-auth-spinner"));
    }
}
