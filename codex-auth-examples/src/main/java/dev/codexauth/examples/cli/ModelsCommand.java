package dev.codexauth.examples.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.instructions.ModelCatalog;
import dev.codexauth.instructions.ModelInfo;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code models}: the models this account may use, and where the catalog came from. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models this account may use (the default one marked with *), and where the list came from.")
final class ModelsCommand extends CliCommand {

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Option(names = "--refresh", description = "Fetch the catalog again instead of using a cached copy.")
    boolean refresh;

    @Override
    public Integer call() {
        ModelCatalog catalog = components().catalog(refresh);
        String defaultSlug = catalog.defaultModel().map(ModelInfo::slug).orElse(null);
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("source", catalog.source());
            root.put("etag", catalog.etag());
            root.put("fetchedAt", catalog.fetchedAt() == null ? null : catalog.fetchedAt().toString());
            root.put("default", defaultSlug);
            for (ModelInfo m : catalog.models()) {
                if (!m.listed()) {
                    continue;
                }
                ObjectNode model = root.withArray("models").addObject();
                model.put("slug", m.slug());
                model.put("name", m.displayName());
                model.put("default", m.slug().equals(defaultSlug));
                model.put("defaultEffort", m.defaultReasoningLevel());
                m.supportedReasoningLevels().forEach(model.putArray("efforts")::add);
                if (m.contextWindow() == null) {
                    model.putNull("contextWindow");
                } else {
                    model.put("contextWindow", m.contextWindow());
                }
                model.put("responsesLite", m.useResponsesLite());
            }
            out().println(json(root));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        out.printf("  %-22s %-26s %-8s %-36s %s%n", "MODEL", "NAME", "EFFORT", "EFFORTS", "CONTEXT");
        for (ModelInfo m : catalog.models()) {
            if (!m.listed()) {
                continue;
            }
            out.printf("%s %-22s %-26s %-8s %-36s %s%n",
                    m.slug().equals(defaultSlug) ? "*" : " ",
                    m.slug(),
                    m.displayName() == null ? "" : m.displayName(),
                    m.defaultReasoningLevel() == null ? "-" : m.defaultReasoningLevel(),
                    String.join(",", m.supportedReasoningLevels()),
                    m.contextWindow() == null ? "-" : String.format("%,d", m.contextWindow()));
        }
        out.println();
        out.println("* default model. Catalog from " + catalog.source()
                + (catalog.fetchedAt() == null ? "" : ", fetched " + catalog.fetchedAt()) + ".");
        return ExitCodes.OK;
    }
}
