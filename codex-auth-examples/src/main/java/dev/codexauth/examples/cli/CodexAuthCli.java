package dev.codexauth.examples.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code codex-auth}: sign in with ChatGPT, ask Codex, and manage what the library keeps on this
 * machine. The endpoints and the token store come from {@code CODEX_AUTH_*} settings, so the same
 * commands work against the real services or a sandbox started with {@code codex-auth sandbox}.
 */
@Command(name = "codex-auth", mixinStandardHelpOptions = true, versionProvider = CodexAuthCli.Version.class,
        description = "Use the Codex backend with your own ChatGPT sign-in.",
        footer = {"", "Exit status: 0 success, 1 failure, 2 usage error, 3 sign-in required, 4 usage limit reached.",
                "Settings come from CODEX_AUTH_* environment variables (e.g. CODEX_AUTH_HOME, CODEX_AUTH_STORE)."},
        subcommands = {
                LoginCommand.class, StatusCommand.class, LogoutCommand.class, AskCommand.class, ChatCommand.class, ModelsCommand.class,
                UsageCommand.class, InstructionsCommand.class, CacheCommand.class, LogsCommand.class, ForgetCommand.class,
                ImportCommand.class, SandboxCommand.class, DemoCommand.class})
public final class CodexAuthCli implements Callable<Integer> {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On failure, show the details (error type, server codes, stack trace). Never shows a token.")
    boolean debug;

    @Spec
    CommandSpec spec;

    private Components components;

    /** Runs the command line and exits with its status (see {@link ExitCodes}). */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line in this JVM and returns the exit status. */
    public static int run(String... args) {
        CodexAuthCli root = new CodexAuthCli();
        CommandLine cli = new CommandLine(root);
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setExecutionStrategy(parsed -> {
            if (root.debug) {
                // our own loggers only: HttpClient's header and wire logs would print the bearer token
                System.setProperty("org.slf4j.simpleLogger.log.dev.codexauth", "debug");
            }
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                root.closeComponents();
            }
        });
        cli.setExecutionExceptionHandler((failure, command, parsed) -> ErrorReport.report(failure, root.debug, command.getErr()));
        cli.setParameterExceptionHandler((failure, unmatched) -> {
            PrintWriter err = failure.getCommandLine().getErr();
            err.println("codex-auth: " + failure.getMessage());
            err.println("Run `" + failure.getCommandLine().getCommandSpec().qualifiedName() + " --help` to see how to use it.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /** Without a command: show what there is, and say it was a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The library's parts for this run, made on first use and closed when the command ends. */
    Components components() {
        if (components == null) {
            components = new Components(dev.codexauth.config.Settings.defaults(), spec.commandLine().getErr());
        }
        return components;
    }

    /** Lets a command run with parts of its own (the demo's sandbox) instead of the configured ones. */
    void useComponents(Components replacement) {
        closeComponents();
        components = replacement;
    }

    private void closeComponents() {
        if (components != null) {
            components.close();
            components = null;
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CodexAuthCli.class.getPackage().getImplementationVersion();
            return new String[] {"codex-auth " + (v == null ? "(development build)" : v)};
        }
    }
}
