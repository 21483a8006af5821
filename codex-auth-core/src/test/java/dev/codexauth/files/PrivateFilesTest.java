package dev.codexauth.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path home;

    @Test
    void missingDirectoriesAreCreatedOwnerOnlyAndExistingOnesAreLeftAlone() throws IOException {
        Path shared = Files.createDirectory(home.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateFiles.createPrivateDirectories(shared.resolve("a/b"));
        PrivateFiles.createPrivateDirectories(shared.resolve("a/b"));

        assertThat(mode(shared.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(shared.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void anAtomicWriteReplacesTheFileWithAnOwnerOnlyOneAndLeavesNoTempFile() throws IOException {
        Path target = Files.writeString(home.resolve("cache.json"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> seen = new ArrayList<>();

        PrivateFiles.writeAtomically(target, "new".getBytes(StandardCharsets.UTF_8),
                temp -> seen.add(mode(temp) + " " + temp.getFileName()));

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(mode(target)).isEqualTo("rw-------");
        // private from the moment it existed, named after its target
        assertThat(seen).singleElement().asString().matches("rw------- cache\\.json\\.tmp-[0-9a-f]{16}");
        assertThat(names()).containsExactly("cache.json");
    }

    @Test
    void aWriteThatFailsLeavesTheOldFileAndNoTempFile() throws IOException {
        Path target = Files.writeString(home.resolve("openai.json"), "old");

        assertThatThrownBy(() -> PrivateFiles.writeAtomically(target, new byte[] {1}, temp -> {
            throw new IllegalStateException("interrupted");
        })).hasMessage("interrupted");

        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(names()).containsExactly("openai.json");
    }

    @Test
    void writingIntoAMissingDirectoryFailsWithoutCreatingIt() {
        assertThatThrownBy(() -> PrivateFiles.writeAtomically(home.resolve("missing/x"), new byte[] {1}))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(home.resolve("missing")).doesNotExist();
    }

    @Test
    void restrictingToTheOwnerTightensLooserModesAndRepairsTooTightOnes() throws IOException {
        Path dir = Files.createDirectory(home.resolve("logs"));
        Path open = Files.writeString(dir.resolve("open"), "x");
        Path locked = Files.writeString(dir.resolve("locked"), "x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("-w-------"));

        for (Path p : List.of(dir, open, locked)) {
            PrivateFiles.restrictToOwner(p);
        }

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(open)).isEqualTo("rw-------");
        assertThat(mode(locked)).isEqualTo("rw-------");
        assertThatThrownBy(() -> PrivateFiles.restrictToOwner(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void leftoverTempFilesOfOneTargetAreRemovedAndNothingElse() throws IOException {
        Files.writeString(home.resolve("openai.json"), "record");
        Files.writeString(home.resolve("openai.json.tmp-0123456789abcdef"), "half");
        Files.writeString(home.resolve("openai.json.tmp-leftover"), "half");
        Files.writeString(home.resolve("openai-work.json.tmp-0123456789abcdef"), "another profile's");

        PrivateFiles.removeLeftoverTempFiles(home.resolve("openai.json"));
        PrivateFiles.removeLeftoverTempFiles(home.resolve("missing/openai.json"));

        assertThat(names()).containsExactlyInAnyOrder("openai.json", "openai-work.json.tmp-0123456789abcdef");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The POSIX mode as {@code ls} shows it; usable inside the write hook, which may not throw checked exceptions. */
    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
