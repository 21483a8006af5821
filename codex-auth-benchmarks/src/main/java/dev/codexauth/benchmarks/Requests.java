package dev.codexauth.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexauth.codex.ResponsesRequest;
import java.util.UUID;

/**
 * Requests shaped like a coding agent's: the Codex CLI's kind of tools (shell, apply_patch, file
 * reads, plan updates...) with JSON schemas, and a conversation of user messages, reasoning items
 * with encrypted content, tool calls with their outputs, and assistant messages, some with ids.
 */
final class Requests {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Requests() {
    }

    /** Ten function tools with parameter schemas, a few KB of JSON. */
    static ArrayNode tools() {
        ArrayNode tools = F.arrayNode();
        String[][] specs = {
                {"shell", "Runs a shell command and returns its output.", "command", "workdir", "timeout_ms"},
                {"apply_patch", "Applies a patch in the apply_patch format to files in the workspace.", "input"},
                {"read_file", "Reads a file, optionally a range of lines.", "path", "offset", "limit"},
                {"list_dir", "Lists a directory.", "path", "depth"},
                {"grep_files", "Finds files whose contents match a pattern.", "pattern", "include", "path", "limit"},
                {"update_plan", "Updates the task plan shown to the user.", "explanation", "plan"},
                {"view_image", "Attaches a local image to the conversation.", "path"},
                {"web_search", "Searches the web.", "query"},
                {"write_stdin", "Writes to the stdin of a running command.", "session_id", "chars"},
                {"request_permissions", "Asks the user to approve a command outside the sandbox.", "command", "justification"},
        };
        for (String[] spec : specs) {
            ObjectNode tool = tools.addObject().put("type", "function").put("name", spec[0]).put("description", spec[1])
                    .put("strict", false);
            ObjectNode params = tool.putObject("parameters").put("type", "object").put("additionalProperties", false);
            ObjectNode props = params.putObject("properties");
            ArrayNode required = params.putArray("required");
            for (int i = 2; i < spec.length; i++) {
                props.putObject(spec[i]).put("type", i == 2 ? "string" : "number")
                        .put("description", "The " + spec[i].replace('_', ' ') + " of the " + spec[0] + " call.");
                if (i == 2) {
                    required.add(spec[i]);
                }
            }
        }
        return tools;
    }

    /** A request whose input holds {@code items} conversation items, with tools, as a caller writes it. */
    static ResponsesRequest conversation(String model, int items) {
        ObjectNode body = F.objectNode().put("model", model).put("instructions", "Answer in English.")
                .put("temperature", 0.2).put("max_output_tokens", 4096);
        body.set("tools", tools());
        body.putObject("reasoning").put("effort", "high");
        ArrayNode input = body.putArray("input");
        int call = 0;
        while (input.size() < items) {
            switch (input.size() % 5) {
                case 0 -> {
                    ObjectNode m = input.addObject().put("type", "message").put("role", "user");
                    m.putArray("content").addObject().put("type", "input_text")
                            .put("text", "Please fix the failing test in module " + input.size() + " and explain why it failed.");
                }
                case 1 -> {
                    ObjectNode r = input.addObject().put("type", "reasoning").put("id", "rs_" + input.size())
                            .put("encrypted_content", "gAAAAA" + "y".repeat(1_200));
                    r.putArray("summary").addObject().put("type", "summary_text").put("text", "Looking at the test output.");
                }
                case 2 -> input.addObject().put("type", "function_call").put("id", "fc_" + input.size())
                        .put("call_id", "call_" + call).put("name", "shell")
                        .put("arguments", "{\"command\":\"./mvnw -q test -Dtest=ParserTest\",\"workdir\":\"/repo\"}");
                case 3 -> input.addObject().put("type", "function_call_output").put("call_id", "call_" + call++)
                        .put("output", "[INFO] Tests run: 12, Failures: 1\n" + "expected:<3> but was:<4>\n".repeat(20));
                default -> {
                    ObjectNode m = input.addObject().put("type", "message").put("role", "assistant").put("id", "msg_" + input.size());
                    m.putArray("content").addObject().put("type", "output_text")
                            .put("text", "The test expected three events but the parser dispatched four; fixed the off-by-one.");
                }
            }
        }
        return new ResponsesRequest(body, UUID.fromString("9f0e6a5c-1a7b-4b8e-9d43-0c6f0f1d2e3a"));
    }
}
