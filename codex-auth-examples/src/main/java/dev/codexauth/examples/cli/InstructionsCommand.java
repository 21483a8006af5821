package dev.codexauth.examples.cli;

import dev.codexauth.error.RequestRejectedException;
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
        String slug = model != null ? model : catalog.defaultModel().map(ModelInfo::slug).orElseThrow();
        ModelInfo info = catalog.find(slug).orElseThrow(() -> new RequestRejectedException(
                "There is no model '" + slug + "' in this account's catalog. Pick one of: "
                        + String.join(", ", catalog.listedSlugs()) + ".", 0, "model_not_found", null));
        Components.Instructions instructions = c.instructionsFor(catalog, info);
        out().println("model: " + info.slug());
        out().println("source: " + instructions.source());
        out().println("size: " + instructions.text().length() + " characters, "
                + instructions.text().getBytes(StandardCharsets.UTF_8).length + " bytes");
        if (print) {
            out().println();
            out().println(instructions.text());
        }
        return ExitCodes.OK;
    }
}
