package dev.codexauth.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemBrowserTest {

    private static final URI URL = URI.create("https://auth.example/oauth/authorize?response_type=code&state=a&b=c");

    @Test
    void windowsPassesTheWholeUrlAsOneArgumentSoAnAmpersandCannotCutIt() {
        assertThat(SystemBrowser.command(URL, "Windows 11", Map.of()))
                .contains(List.of("rundll32", "url.dll,FileProtocolHandler", URL.toString()));
    }

    @Test
    void macOsUsesOpen() {
        assertThat(SystemBrowser.command(URL, "Mac OS X", Map.of())).contains(List.of("open", URL.toString()));
    }

    @Test
    void elsewhereXdgOpenIsUsedOnlyWhenItIsOnThePath(@TempDir Path dir) throws Exception {
        assertThat(SystemBrowser.command(URL, "Linux", Map.of("PATH", dir.toString()))).isEmpty();

        Path xdgOpen = fakeXdgOpen(dir, "exit 0");
        assertThat(SystemBrowser.command(URL, "Linux", Map.of("PATH", "/nonexistent:" + dir)))
                .contains(List.of(xdgOpen.toString(), URL.toString()));
    }

    @Test
    void xdgOpenReceivesTheExactUrl(@TempDir Path dir) throws Exception {
        Path seen = dir.resolve("seen.txt");
        fakeXdgOpen(dir, "printf '%s' \"$1\" > '" + seen + "'");

        assertThat(SystemBrowser.open(URL, "Linux", Map.of("PATH", dir.toString()))).isTrue();
        assertThat(Files.readString(seen, StandardCharsets.UTF_8)).isEqualTo(URL.toString());
    }

    @Test
    void aFailingOrMissingLauncherIsReportedNotThrown(@TempDir Path dir) throws Exception {
        assertThat(SystemBrowser.open(URL, "Linux", Map.of("PATH", dir.toString()))).isFalse();
        fakeXdgOpen(dir, "exit 3");
        assertThat(SystemBrowser.open(URL, "Linux", Map.of("PATH", dir.toString()))).isFalse();
        // a Windows command on Linux does not exist: still no exception
        assertThat(SystemBrowser.open(URL, "Windows 11", Map.of())).isFalse();
    }

    private static Path fakeXdgOpen(Path dir, String script) throws Exception {
        Path file = dir.resolve("xdg-open");
        Files.writeString(file, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
