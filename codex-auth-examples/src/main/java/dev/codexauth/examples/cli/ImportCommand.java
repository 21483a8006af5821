package dev.codexauth.examples.cli;

import dev.codexauth.auth.TokenClaims;
import dev.codexauth.storage.file.LoginImport;
import dev.codexauth.token.Credentials;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import}: takes over a login from the Codex CLI or OpenCode, leaving their file as it is. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Take over an existing ChatGPT login from the Codex CLI or OpenCode into the configured store.",
                "Their file is read, never changed.",
                "",
                "WARNING: the login is then shared. Its refresh token works once: whichever program refreshes second",
                "is refused (refresh_token_reused) and the issuer may revoke the whole login. After importing, stop",
                "using that login in the other program (sign in there again), or sign in here separately instead",
                "(codex-auth login)."})
final class ImportCommand extends CliCommand {

    enum Source { codex, opencode }

    /** A refresh token is single-use (SPEC §3): two programs refreshing one login end with it revoked. */
    static final String SHARED_LOGIN_WARNING = "Warning: this login is now shared with the program it came from, and its "
            + "refresh token works only once: whichever program refreshes second is refused and the whole login may be "
            + "revoked. Stop using it there (sign in there again), or sign in here separately with `codex-auth login`.";

    @Option(names = "--from", required = true, paramLabel = "codex|opencode",
            description = "Whose login: codex (~/.codex/auth.json or $CODEX_HOME) or opencode (~/.local/share/opencode/auth.json).")
    Source from;

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "The file to read, when it is not in the usual place.")
    Path path;

    @Override
    public Integer call() {
        Path file = path != null ? path : from == Source.codex ? LoginImport.codexCliFile() : LoginImport.openCodeFile();
        Credentials login = from == Source.codex ? LoginImport.fromCodexCli(file) : LoginImport.fromOpenCode(file);
        Components c = components();
        c.credentials().signIn(login);
        TokenClaims claims = TokenClaims.of(login.accessToken(), login.idToken());
        out().println("Imported the login of " + (claims.email() == null ? "account " + login.accountId() : claims.email())
                + (claims.planType() == null ? "" : " (" + claims.planType() + " plan)") + " from " + file + ".");
        out().println("store: " + c.store().name() + " (" + c.store().location() + "); " + file + " was left as it was.");
        err().println(SHARED_LOGIN_WARNING);
        return ExitCodes.OK;
    }
}
