package dev.codexauth.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The data rights of the privacy page: deleting the cache and the logs. Deletes one directory tree
 * and nothing outside it; a symbolic link inside is removed as a link, never followed.
 */
final class DataFiles {

    private DataFiles() {
    }

    /** What a deletion removed: files (and links), and directories, deepest first. */
    record Deleted(List<Path> files, List<Path> directories) {
        boolean isEmpty() {
            return files.isEmpty() && directories.isEmpty();
        }
    }

    /** Deletes {@code dir} with everything in it, and says what went. */
    static Deleted deleteTree(Path dir) {
        List<Path> files = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        Deleted deleted = new Deleted(files, directories);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return deleted;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (Files.deleteIfExists(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    if (Files.deleteIfExists(d)) {
                        directories.add(d);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deleted;
    }

    /** Deletes a tree and tells the user what went, one line per file, then a summary line. */
    static int deleteAndReport(String what, Path dir, PrintWriter out) {
        Deleted deleted = deleteTree(dir);
        deleted.files().forEach(f -> out.println("deleted " + f));
        if (deleted.isEmpty()) {
            out.println(what + ": nothing to delete (" + dir + " does not exist)");
        } else {
            int n = deleted.files().size();
            out.println(what + ": deleted " + n + (n == 1 ? " file" : " files") + " and the directory " + dir);
        }
        out.flush();
        return deleted.files().size();
    }
}
