package dev.codexauth.examples.cli;

import picocli.CommandLine.Command;

/** {@code cache clear}: deletes the instruction and catalog caches this library wrote (they are fetched again when needed). */
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
            description = {"Delete the model catalogs and instructions codex-auth cached in $CODEX_AUTH_HOME/cache:",
                    "github-models*.json, models-cache-*.json, <family>-instructions.md and <family>-instructions-meta.json.",
                    "Other files there (another program may share the directory) are left as they are."})
    static final class Clear extends CliCommand {
        @Override
        public Integer call() {
            DataFiles.deleteCacheAndReport(components().settings().cacheDir(), out());
            return ExitCodes.OK;
        }
    }
}
