package dev.codexauth.examples.cli;

import picocli.CommandLine.Command;

/** {@code logs clear}: deletes the request logs written when {@code ENABLE_PLUGIN_REQUEST_LOGGING=1}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Manage the request logs (written only when ENABLE_PLUGIN_REQUEST_LOGGING=1).",
        subcommands = LogsCommand.Clear.class)
final class LogsCommand extends CliCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return ExitCodes.USAGE;
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Delete the log directory ($CODEX_AUTH_HOME/logs/codex-plugin) and everything in it; nothing else.")
    static final class Clear extends CliCommand {
        @Override
        public Integer call() {
            DataFiles.deleteAndReport("logs", components().settings().logDir(), out());
            return ExitCodes.OK;
        }
    }
}
