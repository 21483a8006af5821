package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.auth.TokenClaims;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.TokenStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: who is signed in, until when, and in which store. Never prints a token. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show whether you are signed in: account, email, plan, token expiry and the store that keeps the tokens.",
                "Exits with 3 when not signed in. Never shows a token."})
final class StatusCommand extends CliCommand {

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    public Integer call() {
        return show(components(), out(), json);
    }

    /** Prints the status of the configured profile; returns 0 when signed in, 3 when not. */
    static int show(Components c, PrintWriter out, boolean json) {
        TokenStore store = c.store();
        Optional<Credentials> login = c.savedLogin();
        Instant now = c.settings().clock().instant();
        TokenClaims claims = login.map(l -> TokenClaims.of(l.accessToken(), l.idToken())).orElse(null);
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("signedIn", login.isPresent());
            root.put("profile", c.settings().profile());
            root.putObject("store").put("name", store.name()).put("location", store.location());
            login.ifPresent(l -> {
                root.put("account", l.accountId() != null ? l.accountId() : claims.accountId());
                root.put("email", claims.email());
                root.put("plan", claims.planType());
                root.put("expiresAt", l.expiresAt().toString());
                root.put("expired", l.isExpired(now));
            });
            out.println(CliCommand.json(root));
        } else {
            if (login.isEmpty()) {
                out.println("Not signed in. Run `codex-auth login` (or `codex-auth import`).");
            } else {
                Credentials l = login.get();
                out.println("Signed in as " + orUnknown(claims.email()) + " (" + orUnknown(claims.planType()) + " plan).");
                out.println("account: " + orUnknown(l.accountId() != null ? l.accountId() : claims.accountId()));
                out.println("access token: " + expiry(l.expiresAt(), now));
            }
            out.println("profile: " + c.settings().profile());
            out.println("store: " + store.name() + " (" + store.location() + ")");
        }
        out.flush();
        return login.isPresent() ? ExitCodes.OK : ExitCodes.SIGN_IN_REQUIRED;
    }

    static String expiry(Instant expiresAt, Instant now) {
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative() || left.isZero()) {
            return "expired " + Terminal.human(left.negated()) + " ago at " + expiresAt + " (it is refreshed on next use)";
        }
        return "valid until " + expiresAt + " (" + Terminal.human(left) + " from now; refreshed automatically)";
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
