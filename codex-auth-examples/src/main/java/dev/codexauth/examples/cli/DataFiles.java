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

    /** Deletes {@code dir} with everything in it; returns the files and directories deleted, deepest first. */
    static List<Path> deleteTree(Path dir) {
        List<Path> deleted = new ArrayList<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return deleted;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    delete(file);
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
                    delete(d);
                    return FileVisitResult.CONTINUE;
                }

                private void delete(Path p) throws IOException {
                    if (Files.deleteIfExists(p)) {
                        deleted.add(p);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deleted;
    }

    /** Deletes a tree and tells the user what went, one line per file, then a summary line. */
    static int deleteAndReport(String what, Path dir, PrintWriter out) {
        List<Path> deleted = deleteTree(dir);
        long files = deleted.stream().filter(p -> !p.equals(dir)).count();
        for (Path p : deleted) {
            if (!p.equals(dir)) {
                out.println("deleted " + p);
            }
        }
        if (deleted.isEmpty()) {
            out.println(what + ": nothing to delete (" + dir + " does not exist)");
        } else {
            out.println(what + ": deleted " + files + (files == 1 ? " file" : " files") + " and the directory " + dir);
        }
        return (int) files;
    }
}
