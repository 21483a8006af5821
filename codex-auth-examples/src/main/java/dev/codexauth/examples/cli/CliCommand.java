package dev.codexauth.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: its output streams and the library's parts for this run. */
abstract class CliCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    /** Standard output: results, answers, JSON. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error: progress, hints, reasoning summaries, failures. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    CodexAuthCli root() {
        return (CodexAuthCli) spec.root().userObject();
    }

    Components components() {
        return root().components();
    }

    /** Indented JSON for {@code --json} output. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Whether a person is watching (stdin and stdout are a terminal): spinners and bars, else plain lines. */
    static boolean interactive() {
        return System.console() != null;
    }
}
