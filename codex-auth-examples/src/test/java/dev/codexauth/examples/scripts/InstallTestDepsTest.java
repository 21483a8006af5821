package dev.codexauth.examples.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/install-test-deps} as root, as a user with sudo, and as a user without: run by the
 * real bash with a {@code PATH} of stand-ins that record what would have been run (nothing installs).
 */
class InstallTestDepsTest {

    @TempDir
    Path bin;

    @Test
    void asRootItRunsAptGetWithoutSudo() throws Exception {
        stub("id", "echo 0");
        stub("apt-get", "echo \"apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND\" >> " + bin.resolve("log"));
        link("env");
        Result r = run();
        assertThat(r.exit).as(r.output).isZero();
        assertThat(log()).contains("apt-get update -qq DEBIAN_FRONTEND=noninteractive")
                .contains("apt-get install -y -qq --no-install-recommends dbus-x11 gnome-keyring chromium chromium-driver")
                .doesNotContain("sudo");
    }

    @Test
    void asAUserWithSudoItRunsAptGetThroughSudo() throws Exception {
        stub("id", "echo 1000");
        stub("sudo", "echo \"sudo $*\" >> " + bin.resolve("log") + "; exec \"$@\"");
        stub("apt-get", "echo \"apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND\" >> " + bin.resolve("log"));
        link("env");
        Result r = run();
        assertThat(r.exit).as(r.output).isZero();
        assertThat(log()).contains("sudo env DEBIAN_FRONTEND=noninteractive apt-get update")
                .contains("apt-get install -y -qq --no-install-recommends dbus-x11 gnome-keyring chromium chromium-driver "
                        + "DEBIAN_FRONTEND=noninteractive");
    }

    @Test
    void asAUserWithoutSudoItFailsSayingWhatToInstallAndHow() throws Exception {
        stub("id", "echo 1000");
        stub("apt-get", "echo \"apt-get $*\" >> " + bin.resolve("log"));
        link("env");
        Result r = run();
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output).contains("install-test-deps: the tests need dbus-x11 gnome-keyring chromium chromium-driver")
                .contains("needs root").contains("Run this script as root, install sudo").doesNotContain("command not found");
        assertThat(bin.resolve("log")).doesNotExist();
    }

    private record Result(int exit, String output) {
    }

    private Result run() throws IOException, InterruptedException {
        Path script = repositoryRoot().resolve("scripts").resolve("install-test-deps");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString()); // none of the four programs is found: all are "missing"
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private String log() throws IOException {
        return Files.readString(bin.resolve("log"));
    }

    private void stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private void link(String name) throws IOException {
        Files.createSymbolicLink(bin.resolve(name), Path.of("/usr/bin", name));
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts").resolve("install-test-deps"))) {
                return dir;
            }
        }
        throw new AssertionError("scripts/install-test-deps not found above " + Path.of("").toAbsolutePath());
    }
}
