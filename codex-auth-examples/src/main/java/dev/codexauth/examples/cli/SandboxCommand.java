package dev.codexauth.examples.cli;

import dev.codexauth.config.Settings;
import dev.codexauth.testkit.Sandbox;
import dev.codexauth.testkit.SandboxAccount;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox}: the testkit's fake issuer, backend and GitHub in the foreground, for trying the CLI
 * (or any client) without a ChatGPT account. Prints {@code NAME=value} lines that point a client at it,
 * then serves until the process is stopped.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Run the sandbox (a fake OpenAI issuer, Codex backend and GitHub on loopback) until stopped.",
                "Prints the CODEX_AUTH_* settings that point a client at it, one NAME=value per line."})
final class SandboxCommand extends CliCommand {

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free port).")
    int port;

    @Option(names = "--auto-approve", description = "Approve sign-ins at once, without the consent page.")
    boolean autoApprove;

    @Option(names = "--token-ttl", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Lifetime of the access tokens it issues (default ${DEFAULT-VALUE}).")
    long tokenTtl;

    @Option(names = "--device-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often device sign-ins are told to poll (default ${DEFAULT-VALUE}).")
    long deviceInterval;

    @Option(names = "--any-redirect-port",
            description = "Accept sign-in redirects to any loopback port, not only 1455 and 1457 (for `login --port 0`).")
    boolean anyRedirectPort;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ErrorReport.UsageError("--port must be between 0 and 65535.");
        }
        if (deviceInterval < 1) {
            throw new ErrorReport.UsageError("--device-interval must be at least 1 second.");
        }
        if (tokenTtl < 1) {
            throw new ErrorReport.UsageError("--token-ttl must be at least 1 second.");
        }
        var builder = Sandbox.builder().port(port).autoApprove(autoApprove).accessTokenTtl(Duration.ofSeconds(tokenTtl))
                .deviceInterval(Duration.ofSeconds(deviceInterval));
        if (anyRedirectPort) {
            builder.allowAnyLoopbackRedirectPort();
        }
        Sandbox sandbox = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "codex-auth-sandbox-stop"));
        PrintWriter out = out();
        out.println(Settings.ISSUER + "=" + sandbox.issuerUrl());
        out.println(Settings.BASE_URL + "=" + sandbox.backendUrl());
        out.println(Settings.GITHUB_API_URL + "=" + sandbox.githubApiUrl());
        out.println(Settings.GITHUB_RAW_URL + "=" + sandbox.githubRawUrl());
        out.println(Settings.GITHUB_WEB_URL + "=" + sandbox.githubWebUrl());
        out.flush();
        SandboxAccount account = sandbox.account();
        err().println("Sandbox running at " + sandbox.url() + " for " + account.email() + " (" + account.planType()
                + " plan)" + (autoApprove ? ", approving sign-ins automatically" : "") + ".");
        err().println("Set the lines above in the environment of a client to use it. Stop it with Ctrl-C.");
        err().flush();
        sandbox.awaitClose();
        return ExitCodes.OK;
    }
}
