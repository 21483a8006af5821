package dev.codexauth.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * What the CLI shows differently to a person at a terminal and to a script: a spinner or plain lines
 * while waiting, bars or numbers for usage.
 */
final class Terminal {

    private Terminal() {
    }

    /**
     * Shows that something is being waited for until the returned handle is closed: a spinner on a
     * terminal, a single plain line otherwise (so logs and pipes get no control characters).
     */
    static AutoCloseable waiting(String what, PrintWriter err, boolean interactive) {
        if (!interactive) {
            err.println(what + "...");
            err.flush();
            return () -> { };
        }
        Thread spinner = new Thread(() -> {
            String frames = "|/-\\";
            int i = 0;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    err.print("\r" + frames.charAt(i++ % frames.length()) + " " + what);
                    err.flush();
                    Thread.sleep(150);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "codex-auth-spinner");
        spinner.setDaemon(true);
        spinner.start();
        return () -> {
            spinner.interrupt();
            try {
                spinner.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r" + " ".repeat(what.length() + 2) + "\r");
            err.flush();
        };
    }

    /** A bar of {@code width} cells filled to {@code percent} (0-100), e.g. {@code [#####.....]}. */
    static String bar(double percent, int width) {
        double p = Math.max(0, Math.min(100, percent));
        int filled = (int) Math.round(p / 100 * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** A duration as a person says it: {@code 42 min}, {@code 3 h 5 min}, {@code 2 d 4 h}, {@code 12 s}. */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min";
        }
        long h = m / 60;
        if (h < 48) {
            return h + " h" + (m % 60 == 0 ? "" : " " + (m % 60) + " min");
        }
        return (h / 24) + " d" + (h % 24 == 0 ? "" : " " + (h % 24) + " h");
    }

    /** A percentage for people: no decimals unless it is under ten. */
    static String percent(double p) {
        return p < 10 && p != Math.floor(p) ? String.format(Locale.ROOT, "%.1f%%", p) : String.format(Locale.ROOT, "%.0f%%", p);
    }
}
