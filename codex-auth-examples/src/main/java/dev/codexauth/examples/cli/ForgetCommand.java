package dev.codexauth.examples.cli;

import dev.codexauth.error.CodexAuthException;
import dev.codexauth.token.LogoutResult;
import picocli.CommandLine.Command;

/**
 * {@code forget}: every data right at once (the privacy page's "delete everything"): the login
 * (revoked, then deleted), the cache, the logs. Each part says what it deleted; nothing else is touched.
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Delete everything codex-auth keeps on this machine: the login (revoked first), the cache and the logs.",
                "Prints what it deleted; touches nothing else."})
final class ForgetCommand extends CliCommand {

    @Override
    public Integer call() {
        Components c = components();
        int exit = ExitCodes.OK;
        try {
            LogoutResult result = c.credentials().logout();
            LogoutCommand.report(result, c, out());
        } catch (CodexAuthException e) {
            // the cache and logs are still deleted: a broken store must not keep the user's other data
            out().flush();
            exit = ErrorReport.report(e, root().debug, err());
        }
        DataFiles.deleteAndReport("cache", c.settings().cacheDir(), out());
        DataFiles.deleteAndReport("logs", c.settings().logDir(), out());
        return exit;
    }
}
