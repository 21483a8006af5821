package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.codex.RateLimits;
import dev.codexauth.codex.Usage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code usage}: the plan, the 5-hour and weekly windows, and the credits of the signed-in account. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Show your plan's usage: the 5-hour and weekly windows (used, when each resets) and credits.")
final class UsageCommand extends CliCommand {

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Usage usage = components().client().usage();
        Instant now = components().settings().clock().instant();
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("plan", usage.planType());
            root.put("allowed", usage.allowed());
            root.put("limitReached", usage.limitReached());
            window(root, "primary", usage.primary());
            window(root, "secondary", usage.secondary());
            if (usage.credits() != null) {
                root.putObject("credits").put("hasCredits", usage.credits().hasCredits())
                        .put("unlimited", usage.credits().unlimited()).put("balance", usage.credits().balance());
            }
            out().println(json(root));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        boolean bars = interactive();
        out.println("plan: " + (usage.planType() == null ? "unknown" : usage.planType())
                + (usage.limitReached() ? " (usage limit reached)" : ""));
        print(out, usage.primary(), "5-hour", now, bars);
        print(out, usage.secondary(), "weekly", now, bars);
        RateLimits.Credits credits = usage.credits();
        if (credits != null) {
            out.println("credits: " + (credits.unlimited() ? "unlimited"
                    : credits.hasCredits() ? (credits.balance() == null ? "available" : credits.balance()) : "none"));
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, RateLimits.Window w, String usual, Instant now, boolean bars) {
        if (w == null) {
            return;
        }
        String name = name(w.windowMinutes(), usual);
        String reset = w.resetsAt() == null ? "" : ", resets in " + Terminal.human(Duration.between(now, w.resetsAt()))
                + " (" + w.resetsAt() + ")";
        if (bars) {
            out.printf("%-14s %s %5s used%s%n", name, Terminal.bar(w.usedPercent(), 30), Terminal.percent(w.usedPercent()), reset);
        } else {
            out.println(name + ": " + Terminal.percent(w.usedPercent()) + " used" + reset);
        }
    }

    /** {@code 5-hour window} for 300 minutes, {@code weekly window} for 10080. */
    static String name(Integer minutes, String usual) {
        if (minutes == null) {
            return usual + " window";
        }
        if (minutes == 10080) {
            return "weekly window";
        }
        return minutes % 60 == 0 ? (minutes / 60) + "-hour window" : minutes + "-minute window";
    }

    private static void window(ObjectNode root, String field, RateLimits.Window w) {
        if (w == null) {
            root.putNull(field);
            return;
        }
        ObjectNode o = root.putObject(field);
        o.put("usedPercent", w.usedPercent());
        if (w.windowMinutes() == null) {
            o.putNull("windowMinutes");
        } else {
            o.put("windowMinutes", w.windowMinutes());
        }
        o.put("resetsAt", w.resetsAt() == null ? null : w.resetsAt().toString());
    }
}
