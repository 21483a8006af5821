package dev.codexauth.examples;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.codexauth.config.Settings;
import dev.codexauth.openai.CodexOpenAI;

/**
 * Code written for the official OpenAI Java SDK, run on a ChatGPT subscription with the login saved
 * by {@code codex-auth login}: only the line that makes the client differs.
 * The CLI jar leaves the SDK out (it is large and brings Kotlin), so run this with
 * {@code codex-auth-openai-sdk} and its dependencies on the class path (an IDE does that), with
 * {@code [--stream] "Why is the sky blue?"} as arguments.
 */
public final class OpenAiSdkOnChatGpt {

    public static void main(String[] args) {
        OpenAIClient client = CodexOpenAI.client(Settings.defaults()); // instead of OpenAIOkHttpClient.fromEnv()
        boolean streaming = args.length > 0 && args[0].equals("--stream");
        String question = String.join(" ", args).replaceFirst("^--stream\\s*", "");
        try {
            // any model of `codex-auth models`; the library adds the instructions the backend requires
            ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-5.5").input(question).build();
            if (streaming) {
                // The SDK's own events, as the Codex backend sends them (Codex-only ones left out).
                try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
                    stream.stream().flatMap(event -> event.outputTextDelta().stream())
                            .forEach(delta -> System.out.print(delta.delta()));
                }
                System.out.println();
            } else {
                // The whole Response at once: its output is filled in even when the backend's is empty.
                Response response = client.responses().create(params);
                response.output().stream().flatMap(item -> item.message().stream())
                        .flatMap(message -> message.content().stream())
                        .flatMap(content -> content.outputText().stream())
                        .forEach(text -> System.out.println(text.text()));
            }
        } catch (RateLimitException e) {
            System.err.println(e.getMessage()); // e.g. your ChatGPT usage limit, and when it resets; not retried
        } catch (OpenAIServiceException e) {
            System.err.println(e.getMessage()); // a model not on your plan, a login to renew... in plain words
        } finally {
            client.close(); // closes the connection pool and token store it opened
        }
    }

    private OpenAiSdkOnChatGpt() {
    }
}
