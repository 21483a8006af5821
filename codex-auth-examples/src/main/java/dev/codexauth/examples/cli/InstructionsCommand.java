package dev.codexauth.examples.cli;

import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.instructions.ModelInfo;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code instructions}: where a model's Codex instructions come from, their size, and (on request) the text. */
@Command(name = "instructions", mixinStandardHelpOptions = true,
        description = "Show where the instructions for a model come from (backend, cache, GitHub release, bundled, your file) and their size.")
final class InstructionsCommand extends CliCommand {

    @Option(names = "--model", paramLabel = "M", description = "The model; default: the account's default model.")
    String model;

    @Option(names = "--refresh", description = "Fetch the catalog again instead of using a cached copy.")
    boolean refresh;

    @Option(names = "--print", description = "Print the instructions themselves.")
    boolean print;

    @Override
    public Integer call() {
        Components c = components();
        ModelCatalog catalog = c.catalog(refresh);
        ModelInfo info = model != null ? catalog.resolve(model).model() : catalog.defaultModel().orElseThrow();
        String text = info.instructions(c.settings().personality());
        out().println("model: " + info.slug());
        out().println("source: " + catalog.source() + (catalog.fetchedAt() == null ? "" : " (fetched " + catalog.fetchedAt() + ")"));
        if (text == null) {
            out().println("instructions: none (the backend will refuse requests for this model)");
            return ExitCodes.FAILURE;
        }
        out().println("size: " + text.length() + " characters, " + text.getBytes(StandardCharsets.UTF_8).length + " bytes");
        if (print) {
            out().println();
            out().println(text);
        }
        return ExitCodes.OK;
    }
}
