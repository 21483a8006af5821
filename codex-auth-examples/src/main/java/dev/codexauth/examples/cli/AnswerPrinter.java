package dev.codexauth.examples.cli;

import dev.codexauth.codex.CodexClient;
import dev.codexauth.codex.CodexResponse;
import dev.codexauth.codex.ResponseEvent;
import dev.codexauth.codex.ResponseStream;
import dev.codexauth.codex.ResponsesRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * Streams an answer to the user as it arrives: text to stdout the moment each delta comes in,
 * reasoning summaries to stderr when asked for. Some streams carry the text only in the finished
 * output item (no deltas), so a message item that had no deltas is printed when it is done.
 */
final class AnswerPrinter {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean showSummary;

    AnswerPrinter(PrintWriter out, PrintWriter err, boolean showSummary) {
        this.out = out;
        this.err = err;
        this.showSummary = showSummary;
    }

    /** Sends the request, prints the answer as it streams, and returns the final response. */
    CodexResponse print(CodexClient client, ResponsesRequest request) {
        Set<Integer> streamedItems = new HashSet<>();
        boolean inSummary = false;
        boolean printedText = false;
        try (ResponseStream stream = client.stream(request)) {
            for (ResponseEvent event : stream) {
                if (event instanceof ResponseEvent.TextDelta d) {
                    if (inSummary) {
                        err.println();
                        err.flush();
                        inSummary = false;
                    }
                    streamedItems.add(d.outputIndex());
                    out.print(d.delta());
                    out.flush();
                    printedText = true;
                } else if (event instanceof ResponseEvent.ReasoningSummaryDelta d && showSummary) {
                    if (!inSummary) {
                        err.print("[reasoning] ");
                        inSummary = true;
                    }
                    err.print(d.delta());
                    err.flush();
                } else if (event instanceof ResponseEvent.OutputItemDone done
                        && !streamedItems.contains(done.outputIndex())) {
                    String text = messageText(done.item());
                    if (!text.isEmpty()) {
                        out.print(text);
                        out.flush();
                        printedText = true;
                    }
                }
            }
            if (inSummary) {
                err.println();
                err.flush();
            }
            if (printedText) {
                out.println();
                out.flush();
            }
            return stream.finalResponse();
        }
    }

    /** The text of an assistant message item ({@code output_text} parts), or empty. */
    static String messageText(JsonNode item) {
        if (!"message".equals(item.path("type").asText())) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : item.path("content")) {
            if ("output_text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }
}
