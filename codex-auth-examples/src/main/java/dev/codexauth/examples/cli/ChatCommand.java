package dev.codexauth.examples.cli;

import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.Conversation;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.error.SignInRequiredException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code chat}: a conversation that keeps its history across turns. One line is one message; an
 * empty line is ignored; {@code /exit} or end of input ends it. The library's {@link Conversation}
 * keeps the history (including the encrypted reasoning items the backend needs back), the
 * conversation id and the turn state.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talk with Codex; the conversation keeps its history across turns.",
                "One line per message; /exit or Ctrl-D ends it."})
final class ChatCommand extends CliCommand {

    @Mixin
    ModelChoice choice;

    @Override
    public Integer call() {
        Conversation conversation = choice.startConversation();
        AnswerPrinter printer = new AnswerPrinter(out(), err(), choice.showSummary());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (interactive()) {
            err().println("Chatting with Codex. /exit or Ctrl-D ends the conversation.");
        }
        int exit = ExitCodes.OK;
        String line;
        while ((line = prompt(in)) != null) {
            if (line.isBlank()) {
                continue;
            }
            if (line.strip().equals("/exit")) {
                break;
            }
            try {
                CodexResponse response = printer.print(components().client(), conversation.ask(line.strip()));
                conversation.record(response);
                exit = ExitCodes.OK;
            } catch (SignInRequiredException e) {
                throw e;
            } catch (CodexAuthException e) {
                // one failed turn does not end the conversation: say what happened and let the user go on
                exit = ErrorReport.report(e, root().debug, err());
            }
        }
        return exit;
    }

    private String prompt(BufferedReader in) {
        if (interactive()) {
            err().print("you> ");
            err().flush();
        }
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
