package dev.codexauth.http.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** A prompt that records what the sign-in showed and answers pastes from a script. */
final class RecordingPrompt implements SignInPrompt {

    final List<String> shown = new CopyOnWriteArrayList<>();
    final List<String> notices = new CopyOnWriteArrayList<>();
    final CompletableFuture<URI> authorizeUrl = new CompletableFuture<>();
    final CompletableFuture<String> userCode = new CompletableFuture<>();
    private final Function<URI, String> paste;
    private final BiConsumer<URI, String> onDeviceCode;

    RecordingPrompt() {
        this(url -> null, (page, code) -> { });
    }

    RecordingPrompt(Function<URI, String> paste, BiConsumer<URI, String> onDeviceCode) {
        this.paste = paste;
        this.onDeviceCode = onDeviceCode;
    }

    static RecordingPrompt pasting(Function<URI, String> paste) {
        return new RecordingPrompt(paste, (page, code) -> { });
    }

    static RecordingPrompt onDeviceCode(BiConsumer<URI, String> onDeviceCode) {
        return new RecordingPrompt(url -> null, onDeviceCode);
    }

    @Override
    public void showAuthorizeUrl(URI url, boolean browserOpened) {
        shown.add("url opened=" + browserOpened);
        authorizeUrl.complete(url);
    }

    @Override
    public void waitingForBrowser(URI redirectUri, Duration timeout) {
        shown.add("waiting on " + redirectUri + " for " + timeout);
    }

    @Override
    public void notice(String message) {
        notices.add(message);
        shown.add(message);
    }

    @Override
    public void showDeviceCode(URI page, String code, Duration validFor) {
        shown.add("device " + page + " " + code + " " + validFor);
        userCode.complete(code);
        onDeviceCode.accept(page, code);
    }

    @Override
    public String readPasted(String instruction) {
        shown.add(instruction);
        return paste.apply(authorizeUrl.getNow(null));
    }
}
