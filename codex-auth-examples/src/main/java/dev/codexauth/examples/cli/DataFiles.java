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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The data rights of the privacy page: deleting the cache, the logs and the login files. The logs
 * directory is ours alone and goes as a tree; the cache and auth directories may be shared (the
 * OpenCode plugin uses the same home), so there only files this library writes are deleted, by name.
 * A symbolic link is removed as a link, never followed.
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

    /**
     * The files the catalog and instruction sources of {@code dev.codexauth.http.catalog} write: the
     * GitHub catalog and its meta, the seed layout's per-family instructions and metas, the backend's
     * per-account catalogs, and the temp files an interrupted atomic write leaves ({@code <name>.tmp-*}).
     */
    private static final Pattern CACHE_FILE = Pattern.compile(
            "(github-models(-meta)?\\.json|models-cache-[0-9a-f]{16}\\.json|[a-z0-9][a-z0-9._-]*-instructions(\\.md|-meta\\.json))"
                    + "(\\.tmp-[^/]+)?");

    /** The login files of the file store: records, damaged records moved aside, interrupted writes; never the locks. */
    private static final Pattern AUTH_FILE = Pattern.compile(
            "openai(-[a-z0-9][a-z0-9_-]{0,63})?\\.json(\\.corrupt-[0-9TZ-]+|\\.tmp-[^/]+)");

    /** Whether {@code name} is a cache file this library writes (see {@code dev.codexauth.http.catalog}). */
    static boolean isCacheFile(String name) {
        return CACHE_FILE.matcher(name).matches();
    }

    /** Whether {@code name} is a moved-aside or half-written login file (not a live record, not a lock). */
    static boolean isLeftoverLoginFile(String name) {
        return AUTH_FILE.matcher(name).matches();
    }

    /** Deletes the files directly in {@code dir} whose names {@code ours} accepts; returns them. */
    static List<Path> deleteFiles(Path dir, Predicate<String> ours) {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return deleted;
        }
        List<Path> matching = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir, p -> ours.test(p.getFileName().toString())
                && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            entries.forEach(matching::add);
            matching.sort(null);
            for (Path file : matching) {
                if (Files.deleteIfExists(file)) {
                    deleted.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deleted;
    }

    /**
     * {@code cache clear}: deletes the cache files this library writes and nothing else; the
     * directory too when that leaves it empty. Says what went, one line per file, then a summary.
     */
    static int deleteCacheAndReport(Path dir, PrintWriter out) {
        List<Path> deleted = deleteFiles(dir, DataFiles::isCacheFile);
        deleted.forEach(f -> out.println("deleted " + f));
        int n = deleted.size();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            out.println("cache: nothing to delete (" + dir + " does not exist)");
        } else if (isEmpty(dir)) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println("cache: deleted " + n + (n == 1 ? " file" : " files") + " and the directory " + dir);
        } else {
            out.println("cache: deleted " + n + (n == 1 ? " file" : " files") + " from " + dir
                    + "; other files there were not written by codex-auth and were left as they are");
        }
        out.flush();
        return n;
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
