package dev.codexauth.examples.cli;

import picocli.CommandLine.Command;

/** {@code cache clear}: deletes the instruction and catalog caches (they are fetched again when needed). */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Manage the cache of model catalogs and instructions.",
        subcommands = CacheCommand.Clear.class)
final class CacheCommand extends CliCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return ExitCodes.USAGE;
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Delete the cache directory ($CODEX_AUTH_HOME/cache) and everything in it; nothing else.")
    static final class Clear extends CliCommand {
        @Override
        public Integer call() {
            DataFiles.deleteAndReport("cache", components().settings().cacheDir(), out());
            return ExitCodes.OK;
        }
    }
}
