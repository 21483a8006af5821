package dev.codexauth.examples.cli;

import dev.codexauth.token.LogoutResult;
import picocli.CommandLine.Command;

/** {@code logout}: revokes the login at the issuer and deletes it from the store. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Sign out: revoke the tokens at the sign-in server and delete them from the store.",
                "A failed revocation still deletes them here, and says so."})
final class LogoutCommand extends CliCommand {

    @Override
    public Integer call() {
        LogoutResult result = components().credentials().logout();
        report(result, components(), out());
        return ExitCodes.OK;
    }

    /** Prints what a logout did, in the words the data-rights commands share. */
    static void report(LogoutResult result, Components components, java.io.PrintWriter out) {
        if (result.deleted()) {
            out.println("deleted the login of profile '" + result.profile() + "' from " + components.store().name()
                    + " (" + components.store().location() + ")");
        }
        out.println(result.message());
    }
}
