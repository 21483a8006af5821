package dev.codexauth.examples.cli;

import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ResponsesRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ask PROMPT...}: one question, the answer streamed to stdout as it arrives. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Ask Codex one question and stream the answer to stdout.",
                "Reads the prompt from stdin when none is given (e.g. `git diff | codex-auth ask`)."})
final class AskCommand extends CliCommand {

    @Mixin
    ModelChoice choice;

    @Option(names = "--json", description = "Print the final response as JSON instead of streaming the text.")
    boolean json;

    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "The question; several words are joined with spaces.")
    List<String> words;

    @Override
    public Integer call() {
        String prompt = words == null || words.isEmpty() ? readStdin() : String.join(" ", words);
        if (prompt.isBlank()) {
            throw new ErrorReport.UsageError("No prompt: give it after `ask`, or pipe it on stdin.");
        }
        ResponsesRequest request = choice.startConversation().ask(prompt);
        if (json) {
            CodexResponse response = components().client().respond(request);
            out().println(json(response.response()));
        } else {
            new AnswerPrinter(out(), err(), choice.showSummary()).print(components().client(), request);
        }
        out().flush();
        return ExitCodes.OK;
    }

    private String readStdin() {
        if (interactive()) {
            err().println("Type the prompt, then press Ctrl-D.");
            err().flush();
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
