package dev.codexauth.http.auth;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The platform's browser launchers, as command lines. */
final class SystemBrowser {

    private SystemBrowser() {
    }

    static boolean open(URI url, String osName, Map<String, String> environment) {
        Optional<List<String>> command = command(url, osName, environment);
        if (command.isEmpty()) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(command.get())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            // xdg-open and open return at once; a launcher that lingers is left to run on its own.
            if (process.waitFor(3, TimeUnit.SECONDS)) {
                return process.exitValue() == 0;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The command that opens {@code url} on this platform, or empty when there is none. */
    static Optional<List<String>> command(URI url, String osName, Map<String, String> environment) {
        String os = osName.toLowerCase(Locale.ROOT);
        String target = url.toString();
        if (os.contains("mac") || os.contains("darwin")) {
            return Optional.of(List.of("open", target));
        }
        if (os.contains("win")) {
            return Optional.of(List.of("rundll32", "url.dll,FileProtocolHandler", target));
        }
        return onPath("xdg-open", environment.getOrDefault("PATH", ""))
                .map(xdgOpen -> List.of(xdgOpen.toString(), target));
    }

    private static Optional<Path> onPath(String program, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
