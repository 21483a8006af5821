package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code codex-auth} jar as users run it: every command in its own process, pointed at a sandbox
 * that runs as another process started with {@code codex-auth sandbox}, each test in its own data
 * directory.
 */
class CodexAuthCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COMMANDS = List.of("login", "status", "logout", "ask", "chat", "models", "usage",
            "instructions", "cache", "cache clear", "logs", "logs clear", "forget", "import", "sandbox", "demo");

    static SandboxProcess sandbox;

    @TempDir
    Path home;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxProcess.start("--auto-approve", "--any-redirect-port", "--device-interval", "1");
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
    }

    // --- the command line itself ---

    @Test
    void everyCommandExplainsItselfWithHelp() {
        for (String command : COMMANDS) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            CliProcess.Result r = CliProcess.run(env(), args.toArray(String[]::new));
            assertThat(r.exitCode()).as(command + " --help: " + r).isZero();
            assertThat(r.stdout()).contains("Usage: codex-auth " + command).contains("--help");
        }
        CliProcess.Result root = CliProcess.run(env(), "--help");
        assertThat(root.exitCode()).isZero();
        assertThat(root.stdout().replaceAll("\\s+", " "))
                .contains("Exit status: 0 success, 1 failure, 2 usage error, 3 sign-in required, 4 usage limit reached.");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitStatusTwo() {
        CliProcess.Result r = CliProcess.run(env(), "status", "--frobnicate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("Unknown option: '--frobnicate'").contains("codex-auth status --help");
    }

    @Test
    void noCommandShowsTheCommandsAndIsAUsageError() {
        CliProcess.Result r = CliProcess.run(env());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("Commands:").contains("login").contains("demo");
    }

    @Test
    void anUnreachableBackendIsAFailureWithExitStatusOneAndNoStackTrace() {
        signIn();
        Map<String, String> env = env();
        env.put("CODEX_AUTH_BASE_URL", "http://127.0.0.1:9/backend-api");
        CliProcess.Result r = CliProcess.run(env, "usage");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("codex-auth: ").contains("127.0.0.1").doesNotContain("\tat ");
    }

    @Test
    void aSettingThatIsNotAllowedSaysWhichOneAndExitsOne() {
        Map<String, String> env = env();
        env.put("CODEX_AUTH_ISSUER", "http://issuer.example.com");
        CliProcess.Result r = CliProcess.run(env, "status");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("CODEX_AUTH_ISSUER").contains("https").doesNotContain("\tat ");
    }

    @Test
    void theJarFindsTheTokenStoresOfEveryStoreModule() {
        Map<String, String> env = env();
        env.put("CODEX_AUTH_STORE", "no-such-store");
        CliProcess.Result r = CliProcess.run(env, "status");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("No token store named 'no-such-store'").contains("file").contains("keychain")
                .contains("auto").contains("memory");
        env.put("CODEX_AUTH_STORE", "auto");
        CliProcess.Result auto = CliProcess.run(env, "status");
        assertThat(auto.exitCode()).as(auto.toString()).isEqualTo(3);
        assertThat(auto.stdout()).containsPattern("store: auto:(keychain|file) \\(.*chosen by auto");
    }

    // --- signing in ---

    @Test
    void statusWithoutALoginSaysHowToSignInAndExitsThree() {
        CliProcess.Result r = CliProcess.run(env(), "status");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).contains("Not signed in").contains("codex-auth login").contains("store: file");
        JsonNode json = json(CliProcess.run(env(), "status", "--json"), 3);
        assertThat(json.path("signedIn").asBoolean(true)).isFalse();
    }

    @Test
    void askWithoutALoginExitsThreeAndSaysToSignIn() {
        CliProcess.Result r = CliProcess.run(env(), "ask", "hello");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("codex-auth login").doesNotContain("\tat ");
    }

    @Test
    void loginThroughTheLoopbackCallbackSignsInAndStatusShowsWhoButNoToken() throws Exception {
        Process login = CliProcess.start(env(), "login", "--no-browser", "--port", "0", "--timeout", "60");
        BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
        URI authorize = URI.create(firstUrl(out));
        HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        CliProcess.Result r = CliProcess.finish(login, "");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Signed in as sandbox.user@example.com (plus plan");

        CliProcess.Result status = CliProcess.run(env(), "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).contains("sandbox.user@example.com").contains("plus plan").contains("account: ")
                .contains("valid until").contains("store: file (" + home.resolve("auth"));
        JsonNode json = json(CliProcess.run(env(), "status", "--json"), 0);
        assertThat(json.path("email").asText()).isEqualTo("sandbox.user@example.com");
        assertThat(json.path("store").path("name").asText()).isEqualTo("file");
        assertNoTokenIn(status.stdout() + status.stderr() + json);
    }

    @Test
    void loginByPastingTheAddressTheBrowserEndedOnSignsIn() {
        signIn();
        assertThat(CliProcess.run(env(), "status").exitCode()).isZero();
        assertThat(sandbox.count("token.authorization_code")).isEqualTo(1);
    }

    @Test
    void loginWithADeviceCodeSignsInOnceTheCodeIsApproved() throws Exception {
        Process login = CliProcess.start(env(), "login", "--device", "--timeout", "60");
        BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
        URI page = URI.create(firstUrl(out));
        String userCode = out.readLine().strip();
        HttpResponse<String> approved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(page)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user_code=" + userCode + "&decision=approve")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        CliProcess.Result r = CliProcess.finish(login, "");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Signed in as sandbox.user@example.com");
    }

    @Test
    void aPastedAddressOfAnotherSignInIsRefusedWithExitStatusOne() {
        CliProcess.Result r = CliProcess.runWithInput(env(), "http://localhost:1455/auth/callback?code=abc&state=not-ours\n",
                "login", "--manual", "--timeout", "30");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Open this URL").contains("codex-auth: ").doesNotContain("\tat ");
        assertThat(CliProcess.run(env(), "status").exitCode()).isEqualTo(3);
    }

    @Test
    void aSignInNobodyCompletesEndsAtTheTimeoutWithExitStatusOne() {
        CliProcess.Result r = CliProcess.run(env(), "login", "--no-browser", "--port", "0", "--timeout", "1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("/oauth/authorize?");
        assertThat(r.stderr()).contains("codex-auth: ").doesNotContain("\tat ");
        assertThat(CliProcess.run(env(), "status").exitCode()).isEqualTo(3);
    }

    @Test
    void aLoginOptionWithABadValueIsAUsageError() {
        assertThat(CliProcess.run(env(), "login", "--port", "70000").exitCode()).isEqualTo(2);
        assertThat(CliProcess.run(env(), "login", "--manual", "--device").exitCode()).isEqualTo(2);
        assertThat(CliProcess.run(env(), "login", "--timeout", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void importTakesOverACodexCliLoginAndLeavesItsFileAsItWas() throws IOException {
        // a live login that only the Codex CLI's file holds: sign in, move its tokens there, delete ours
        signIn();
        JsonNode record = JSON.readTree(home.resolve("auth").resolve("openai.json").toFile());
        Files.delete(home.resolve("auth").resolve("openai.json"));
        Path codexHome = Files.createDirectories(home.resolve("codex-cli"));
        ObjectNode codex = JSON.createObjectNode().put("auth_mode", "chatgpt").putNull("OPENAI_API_KEY");
        codex.putObject("tokens").put("access_token", record.path("access").asText())
                .put("refresh_token", record.path("refresh").asText())
                .put("id_token", record.path("idToken").asText(null))
                .put("account_id", record.path("accountId").asText());
        Path file = codexHome.resolve("auth.json");
        Files.writeString(file, JSON.writeValueAsString(codex));
        String before = Files.readString(file);

        CliProcess.Result r = CliProcess.run(env(), "import", "--from", "codex", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Imported the login of sandbox.user@example.com");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(CliProcess.run(env(), "status").exitCode()).isZero();
        assertThat(CliProcess.run(env(), "ask", "hi").stdout()).contains("Hello from the Codex sandbox.");

        // OpenCode keeps several providers in one file; only the OpenAI login is taken
        Files.delete(home.resolve("auth").resolve("openai.json"));
        Path openCode = Files.writeString(home.resolve("opencode-auth.json"), JSON.writeValueAsString(JSON.createObjectNode()
                .<ObjectNode>set("openai", record).set("anthropic", JSON.createObjectNode().put("type", "api").put("key", "sk-other"))));
        CliProcess.Result fromOpenCode = CliProcess.run(env(), "import", "--from", "opencode", openCode.toString());
        assertThat(fromOpenCode.exitCode()).as(fromOpenCode.toString()).isZero();
        assertThat(CliProcess.run(env(), "status").exitCode()).isZero();
        assertThat(Files.readString(home.resolve("auth").resolve("openai.json"))).doesNotContain("sk-other");

        CliProcess.Result missing = CliProcess.run(env(), "import", "--from", "opencode", home.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("nope.json");
        assertThat(CliProcess.run(env(), "import", "--from", "elsewhere").exitCode()).isEqualTo(2);
    }

    // --- asking ---

    @Test
    void askStreamsTheAnswerToStdout() {
        signIn();
        CliProcess.Result r = CliProcess.run(env(), "ask", "Say", "hello");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("Hello from the Codex sandbox.\n");
        JsonNode request = sandbox.journal().path("requests").findValues("body").stream()
                .filter(b -> b.asText().contains("Say hello")).findFirst().orElseThrow();
        assertThat(request.asText()).contains("\"store\":false");
    }

    @Test
    void askPrintsTheFirstWordWhileTheServerStillHoldsTheRest() throws Exception {
        signIn();
        sandbox.arm("responses", "hold_after_first_delta", 1);
        Process ask = CliProcess.start(env(), "ask", "hi");
        java.util.concurrent.Future<byte[]> first = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }).submit(() -> ask.getInputStream().readNBytes(5));
        try {
            assertThat(new String(first.get(30, java.util.concurrent.TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("Hello");
            assertThat(ask.isAlive()).as("still waiting for the rest of the answer").isTrue();
        } finally {
            sandbox.release();
        }
        CliProcess.Result r = CliProcess.finish(ask, "");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(" from the Codex sandbox.\n");
    }

    @Test
    void askReadsThePromptFromStdinWhenNoneIsGiven() {
        signIn();
        CliProcess.Result r = CliProcess.runWithInput(env(), "a question from a pipe\n", "ask");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Hello from the Codex sandbox.");
        assertThat(sandbox.journal().toString()).contains("a question from a pipe");
        CliProcess.Result empty = CliProcess.runWithInput(env(), "", "ask");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderr()).contains("No prompt");
    }

    @Test
    void askShowsTheReasoningSummaryOnStderrWhenAskedFor() {
        signIn();
        CliProcess.Result r = CliProcess.run(env(), "ask", "--model", "gpt-5.5", "--effort", "high", "--summary", "detailed",
                "--verbosity", "low", "hi");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("Hello from the Codex sandbox.\n");
        assertThat(r.stderr()).contains("[reasoning]");
        String body = sandbox.journal().path("requests").findValues("body").stream().map(JsonNode::asText)
                .filter(b -> b.contains("\"model\":\"gpt-5.5\"")).findFirst().orElseThrow();
        assertThat(body).contains("\"effort\":\"high\"").contains("\"summary\":\"detailed\"").contains("\"verbosity\":\"low\"");
    }

    @Test
    void askJsonPrintsTheFinalResponse() {
        signIn();
        JsonNode response = json(CliProcess.run(env(), "ask", "--json", "hi"), 0);
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("output").toString()).contains("Hello from the Codex sandbox.");
    }

    @Test
    void aModelTheAccountCannotUseIsAFailureThatNamesTheModelsToPick() {
        signIn();
        CliProcess.Result r = CliProcess.run(env(), "ask", "--model", "gpt-4-turbo-nonexistent", "hi");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("gpt-5.5").doesNotContain("\tat ");
    }

    @Test
    void chatKeepsTheHistoryAcrossTurns() {
        signIn();
        CliProcess.Result r = CliProcess.runWithInput(env(), "first question\n\nsecond question\n/exit\nnever sent\n", "chat");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("Hello from the Codex sandbox.\nHello from the Codex sandbox.\n");
        List<String> bodies = sandbox.journal().path("requests").findValues("body").stream().map(JsonNode::asText)
                .filter(b -> b.contains("question")).toList();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).contains("first question").contains("Hello from the Codex sandbox.").contains("second question");
        assertThat(sandbox.journal().toString()).doesNotContain("never sent");
    }

    @Test
    void aUsageLimitExitsFourWithAPlainMessage() {
        signIn();
        sandbox.arm("responses", "usage_limit", 1);
        CliProcess.Result r = CliProcess.run(env(), "ask", "hi");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.stderr()).isEqualTo("codex-auth: You have hit your ChatGPT usage limit (plus plan). Try again in ~42 min.\n");
        assertThat(r.stdout()).isEmpty();

        sandbox.arm("responses", "usage_limit", 1);
        CliProcess.Result chat = CliProcess.runWithInput(env(), "hello\n", "chat");
        assertThat(chat.exitCode()).isEqualTo(4);
    }

    @Test
    void aStreamCutShortIsAFailureThatSaysSo() {
        signIn();
        sandbox.arm("responses", "cut_mid_event", 1);
        CliProcess.Result r = CliProcess.run(env(), "ask", "hi");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("codex-auth: ").doesNotContain("\tat ");
    }

    @Test
    void debugAddsTheDetailsOfAFailureButNeverAToken() {
        signIn();
        sandbox.arm("responses", "usage_limit", 1);
        CliProcess.Result r = CliProcess.run(env(), "--debug", "ask", "hi");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr()).contains("details: dev.codexauth.error.UsageLimitException").contains("plan: plus")
                .contains("\tat ");
        sandbox.arm("responses", "usage_limit", 1);
        CliProcess.Result after = CliProcess.run(env(), "ask", "--debug", "hi");
        assertThat(after.stderr()).contains("details:");
        assertNoTokenIn(r.stdout() + r.stderr() + after.stderr());
    }

    @Test
    void aRejectedTokenIsRefreshedOnceAndTheAnswerStillArrives() {
        signIn();
        sandbox.arm("responses", "unauthorized", 1);
        CliProcess.Result r = CliProcess.run(env(), "ask", "hi");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Hello from the Codex sandbox.");
        assertThat(sandbox.count("token.refresh_token")).isEqualTo(1);
    }

    @Test
    void aRevokedLoginExitsThreeAndSaysToSignInAgain() {
        signIn();
        sandbox.revokeAll();
        CliProcess.Result r = CliProcess.run(env(), "ask", "hi");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("codex-auth login");
    }

    // --- models, usage, instructions ---

    @Test
    void modelsListsTheAccountsModelsWithTheDefaultMarkedAndTheSource() {
        signIn();
        CliProcess.Result r = CliProcess.run(env(), "models");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("gpt-5.5").contains("gpt-5.6-sol").contains("* ").contains("Catalog from backend");
        JsonNode json = json(CliProcess.run(env(), "models", "--json", "--refresh"), 0);
        assertThat(json.path("source").asText()).isEqualTo("backend");
        assertThat(json.path("models").findValuesAsText("slug")).contains("gpt-5.5", "gpt-5.6-sol");
        assertThat(json.path("models").findValues("default").stream().filter(JsonNode::asBoolean)).hasSize(1);
    }

    @Test
    void modelsWithoutALoginComeFromGitHub() {
        JsonNode json = json(CliProcess.run(env(), "models", "--json"), 0);
        assertThat(json.path("source").asText()).containsIgnoringCase("github");
        assertThat(sandbox.count("models")).isZero();
    }

    @Test
    void usageShowsThePlanTheWindowsAndCredits() {
        signIn();
        CliProcess.Result r = CliProcess.run(env(), "usage");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("plan: plus").contains("5-hour window: ").contains("weekly window: ")
                .contains("% used").contains("resets in").contains("credits:");
        JsonNode json = json(CliProcess.run(env(), "usage", "--json"), 0);
        assertThat(json.path("plan").asText()).isEqualTo("plus");
        assertThat(json.path("primary").path("windowMinutes").asInt()).isEqualTo(300);
    }

    @Test
    void usageDrawsBarsOnATerminal() {
        signIn();
        CliProcess.Result r = CliProcess.runOnTerminal(env(), "usage");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).containsPattern("5-hour window +\\[#*\\.*\\] +\\d+% used")
                .containsPattern("weekly window +\\[#*\\.*\\] +\\d+% used");
    }

    @Test
    void instructionsSayWhereTheyComeFromAndPrintThemOnRequest() {
        signIn();
        CliProcess.Result r = CliProcess.run(env(), "instructions", "--model", "gpt-5.5");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("model: gpt-5.5").contains("source: backend").containsPattern("size: \\d+ characters");
        CliProcess.Result printed = CliProcess.run(env(), "instructions", "--model", "gpt-5.5", "--print", "--refresh");
        assertThat(printed.exitCode()).isZero();
        assertThat(printed.stdout()).contains("You are Codex");
    }

    // --- the data rights ---

    @Test
    void logoutRevokesAndDeletesTheLoginAndNothingElse() throws IOException {
        signIn();
        Path cacheFile = write(home.resolve("cache").resolve("models-cache.json"));
        CliProcess.Result r = CliProcess.run(env(), "logout");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("revoked and deleted");
        assertThat(sandbox.count("revoke")).isEqualTo(1);
        assertThat(home.resolve("auth").resolve("openai.json")).doesNotExist();
        assertThat(cacheFile).exists();
        assertThat(CliProcess.run(env(), "status").exitCode()).isEqualTo(3);
        assertThat(CliProcess.run(env(), "logout").stdout()).contains("nothing to do");
    }

    @Test
    void cacheClearDeletesTheCacheAndNothingElse() throws IOException {
        signIn();
        Path a = write(home.resolve("cache").resolve("gpt-5.1-instructions.md"));
        Path b = write(home.resolve("cache").resolve("gpt-5.1-instructions-meta.json"));
        Path log = write(home.resolve("logs").resolve("codex-plugin").resolve("request-1-response.json"));
        Path other = write(home.resolve("logs").resolve("other-plugin").resolve("keep.log"));
        Path mine = write(home.resolve("notes.txt"));
        CliProcess.Result r = CliProcess.run(env(), "cache", "clear");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("deleted " + a).contains("deleted " + b).contains("cache: deleted 2 files");
        assertThat(home.resolve("cache")).doesNotExist();
        assertThat(List.of(log, other, mine, home.resolve("auth").resolve("openai.json"))).allMatch(Files::exists);
        assertThat(CliProcess.run(env(), "cache", "clear").stdout()).contains("nothing to delete");
        assertThat(CliProcess.run(env(), "cache").exitCode()).isEqualTo(2);
    }

    @Test
    void logsClearDeletesTheRequestLogsAndNothingElse() throws IOException {
        signIn();
        Path log = write(home.resolve("logs").resolve("codex-plugin").resolve("request-1-response.json"));
        Path other = write(home.resolve("logs").resolve("other-plugin").resolve("keep.log"));
        Path cache = write(home.resolve("cache").resolve("models-cache.json"));
        CliProcess.Result r = CliProcess.run(env(), "logs", "clear");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("deleted " + log).contains("logs: deleted 1 file");
        assertThat(home.resolve("logs").resolve("codex-plugin")).doesNotExist();
        assertThat(List.of(other, cache, home.resolve("auth").resolve("openai.json"))).allMatch(Files::exists);
    }

    @Test
    void forgetDeletesTheLoginTheCacheAndTheLogsAndNothingElse() throws IOException {
        signIn();
        Path cache = write(home.resolve("cache").resolve("models-cache.json"));
        Path log = write(home.resolve("logs").resolve("codex-plugin").resolve("request-1-response.json"));
        Path other = write(home.resolve("logs").resolve("other-plugin").resolve("keep.log"));
        Path mine = write(home.resolve("notes.txt"));
        Path lock = home.resolve("auth");
        CliProcess.Result r = CliProcess.run(env(), "forget");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("revoked and deleted").contains("deleted " + cache).contains("deleted " + log)
                .contains("cache: deleted 1 file").contains("logs: deleted 1 file");
        assertThat(sandbox.count("revoke")).isEqualTo(1);
        assertThat(List.of(cache, log, home.resolve("auth").resolve("openai.json"))).noneMatch(Files::exists);
        assertThat(List.of(other, mine, lock)).allMatch(Files::exists);
        assertThat(CliProcess.run(env(), "status").exitCode()).isEqualTo(3);
    }

    @Test
    void requestLogsAreWrittenOnlyWhenAskedForAndCarryNoToken() throws IOException {
        signIn();
        CliProcess.run(env(), "ask", "hi");
        assertThat(home.resolve("logs").resolve("codex-plugin")).doesNotExist();
        Map<String, String> env = env();
        env.put("ENABLE_PLUGIN_REQUEST_LOGGING", "1");
        assertThat(CliProcess.run(env, "ask", "hi").exitCode()).isZero();
        StringBuilder logs = new StringBuilder();
        try (var files = Files.walk(home.resolve("logs").resolve("codex-plugin"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                logs.append(Files.readString(p));
            }
        }
        assertThat(logs).isNotEmpty();
        assertNoTokenIn(logs.toString());
    }

    // --- sandbox and demo ---

    @Test
    void sandboxPrintsTheSettingsThatPointAClientAtItAndServesUntilStopped() {
        assertThat(sandbox.settings()).containsOnlyKeys("CODEX_AUTH_ISSUER", "CODEX_AUTH_BASE_URL",
                "CODEX_AUTH_GITHUB_API_URL", "CODEX_AUTH_GITHUB_RAW_URL", "CODEX_AUTH_GITHUB_WEB_URL");
        assertThat(sandbox.settings().get("CODEX_AUTH_BASE_URL")).startsWith("http://127.0.0.1:").endsWith("/backend-api");
        assertThat(sandbox.isAlive()).isTrue();
        assertThat(CliProcess.run(env(), "sandbox", "--port", "-1").exitCode()).isEqualTo(2);
    }

    @Test
    void aSandboxStartedWithOptionsIssuesTokensOfTheGivenLifetime() throws IOException {
        try (SandboxProcess shortLived = SandboxProcess.start("--auto-approve", "--token-ttl", "120")) {
            Map<String, String> env = new HashMap<>(shortLived.settings());
            env.put("CODEX_AUTH_HOME", home.toString());
            Process login = CliProcess.start(env, "login", "--manual", "--timeout", "60");
            BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
            String redirect = consent(URI.create(firstUrl(out)));
            CliProcess.Result r = CliProcess.finish(login, redirect + "\n");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode status = json(CliProcess.run(env, "status", "--json"), 0);
            java.time.Duration left = java.time.Duration.between(java.time.Instant.now(),
                    java.time.Instant.parse(status.path("expiresAt").asText()));
            assertThat(left).isLessThanOrEqualTo(java.time.Duration.ofSeconds(120)).isPositive();
        }
    }

    @Test
    void demoRunsTheWholeJourneyToTheEnd() {
        CliProcess.Result r = CliProcess.run(Map.of("CODEX_AUTH_HOME", home.toString()), "demo");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("Signed in as sandbox.user@example.com")
                .contains("== 2. codex-auth status")
                .contains("Hello from the Codex sandbox.")
                .contains("Refresh requests the issuer received: 1; new access token: true")
                .contains("codex-auth: You have hit your ChatGPT usage limit (plus plan).")
                .contains("(exit status 4)")
                .contains("the login was revoked and deleted")
                .contains("Not signed in");
        assertThat(home).isEmptyDirectory(); // the demo keeps its data in a temporary directory of its own
    }

    // --- helpers ---

    /** The sandbox's settings plus this test's own data directory and the file store. */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(sandbox.settings());
        env.put("CODEX_AUTH_HOME", home.toString());
        env.put("CODEX_AUTH_STORE", "file");
        return env;
    }

    /** Signs in with {@code login --manual}: loads the printed URL like a browser and pastes where it ended. */
    private void signIn() {
        Process login = CliProcess.start(env(), "login", "--manual", "--timeout", "60");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
            String redirect = consent(URI.create(firstUrl(out)));
            CliProcess.Result r = CliProcess.finish(login, redirect + "\n");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("Signed in as");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            login.destroyForcibly();
        }
    }

    /** What a browser does on the consent page of an auto-approving sandbox: returns where it is sent back to. */
    private static String consent(URI authorize) {
        try {
            HttpResponse<Void> page = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(page.statusCode()).isEqualTo(302);
            return page.headers().firstValue("Location").orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String firstUrl(BufferedReader out) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("http")) {
                return line.strip();
            }
        }
        throw new AssertionError("the CLI printed no URL");
    }

    private static JsonNode json(CliProcess.Result r, int exit) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }

    /** No token of the login saved in this test's store appears in {@code text}. */
    private void assertNoTokenIn(String text) {
        Path stored = home.resolve("auth").resolve("openai.json");
        if (!Files.exists(stored)) {
            return;
        }
        try {
            JsonNode record = JSON.readTree(stored.toFile());
            for (String field : List.of("access", "refresh", "idToken")) {
                String token = record.path(field).asText("");
                if (!token.isEmpty()) {
                    assertThat(text).doesNotContain(token).doesNotContain(token.substring(0, Math.min(40, token.length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
