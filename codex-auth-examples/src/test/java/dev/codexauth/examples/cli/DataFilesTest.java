package dev.codexauth.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {

    @TempDir
    Path root;

    @Test
    void deletesTheTreeAndReportsEachFile() throws IOException {
        Path cache = root.resolve("cache");
        Path a = write(cache.resolve("a.md"));
        Path b = write(cache.resolve("sub").resolve("b.json"));
        Path sibling = write(root.resolve("auth").resolve("openai.json"));
        StringWriter out = new StringWriter();
        int files = DataFiles.deleteAndReport("cache", cache, new PrintWriter(out, true));
        assertThat(files).isEqualTo(2);
        assertThat(out.toString()).contains("deleted " + a).contains("deleted " + b).contains("cache: deleted 2 files");
        assertThat(cache).doesNotExist();
        assertThat(sibling).exists();
    }

    @Test
    void aLinkInsideIsRemovedButWhatItPointsToIsKept() throws IOException {
        Path outside = write(root.resolve("precious").resolve("keep.txt"));
        Path cache = Files.createDirectories(root.resolve("cache"));
        Files.createSymbolicLink(cache.resolve("link-to-file"), outside);
        Files.createSymbolicLink(cache.resolve("link-to-dir"), outside.getParent());
        DataFiles.deleteTree(cache);
        assertThat(cache).doesNotExist();
        assertThat(outside).exists().hasContent("x");
    }

    @Test
    void aMissingDirectoryIsNothingToDelete() {
        StringWriter out = new StringWriter();
        assertThat(DataFiles.deleteAndReport("logs", root.resolve("logs"), new PrintWriter(out, true))).isZero();
        assertThat(out.toString()).contains("logs: nothing to delete");
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }
}
