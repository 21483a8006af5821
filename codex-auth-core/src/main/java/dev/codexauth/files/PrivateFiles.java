package dev.codexauth.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and directories only their owner can open (token records, caches, request logs): 0600 and
 * 0700 on POSIX, an ACL granting only the owner on Windows (and any other file system with ACLs but
 * no POSIX modes). Access is restricted at creation, so no moment exists in which another user could
 * open a file; and a file is replaced whole, never left half-written.
 *
 * <p>The ACL branch is written for Windows and cannot run on the Linux machines this project is
 * tested on. Stateless and thread-safe.
 */
public final class PrivateFiles {

    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final String TEMP_MARK = ".tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and its missing parents owner-only. Directories that already exist are left
     * as they are; {@link #restrictToOwner} tightens them.
     */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, attributes(dir, true));
        } catch (FileAlreadyExistsException raced) {
            // another process created it between the check and the call
        }
    }

    /** The attributes that create {@code file} owner-only (none when its file system knows neither model). */
    public static FileAttribute<?>[] ownerOnly(Path file) throws IOException {
        return attributes(file, false);
    }

    /**
     * Sets owner-only access (0600 for a file, 0700 for a directory) on an existing {@code path} that
     * has more (group or other bits, or ACL entries for anyone else), with a warning. Also repairs a
     * mode that a strict umask made too tight for the owner to use.
     *
     * @throws NoSuchFileException when {@code path} does not exist
     */
    public static void restrictToOwner(Path path) throws IOException {
        boolean directory = Files.readAttributes(path, BasicFileAttributes.class).isDirectory();
        String what = directory ? "directories" : "files";
        if (isPosix(path)) {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            if (view == null) {
                return;
            }
            Set<PosixFilePermission> wanted = directory ? DIRECTORY_MODE : FILE_MODE;
            Set<PosixFilePermission> actual = view.readAttributes().permissions();
            if (actual.equals(wanted)) {
                return;
            }
            if (!wanted.containsAll(actual)) {
                log.warn("{} was accessible to other users ({}); tightened it to {}: these {} must be private to their owner.",
                        path, PosixFilePermissions.toString(actual), PosixFilePermissions.toString(wanted), what);
            }
            view.setPermissions(wanted);
        } else if (hasAcl(path)) {
            AclFileAttributeView view = Files.getFileAttributeView(path, AclFileAttributeView.class);
            UserPrincipal owner = view.getOwner();
            boolean othersAllowed = view.getAcl().stream()
                    .anyMatch(e -> e.type() == AclEntryType.ALLOW && !e.principal().equals(owner));
            if (othersAllowed) {
                log.warn("{} was accessible to other users; tightened its ACL to its owner {}: these {} must be private.",
                        path, owner.getName(), what);
                view.setAcl(List.of(ownerEntry(owner, directory)));
            }
        }
    }

    /**
     * Replaces {@code target} with {@code bytes}: written to an owner-only temp file beside it
     * ({@code <name>.tmp-<random>}), forced to disk, renamed over {@code target} atomically, then the
     * directory forced. A reader, or the file after a crash, holds the old bytes or the new ones,
     * never a mix. The directory must exist. On failure the temp file is removed and {@code target}
     * is unchanged.
     */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        writeAtomically(target, bytes, temp -> { });
    }

    /**
     * {@link #writeAtomically(Path, byte[])}, calling {@code created} with the temp file right after
     * it is created and before anything is written to it (for tests that watch its permissions or
     * interrupt the write).
     */
    public static void writeAtomically(Path target, byte[] bytes, Consumer<Path> created) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_MARK + HexFormat.of().formatHex(randomBytes()));
        try {
            try (FileChannel out = FileChannel.open(temp,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(temp))) {
                created.accept(temp);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            // a strict umask can leave the owner without read access; never looser than 0600 either way
            restrictToOwner(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(target.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Removes the temp files that interrupted {@link #writeAtomically} calls left beside {@code target}.
     * Safe only when every writer of {@code target} holds a lock the caller holds too: it would
     * otherwise remove another writer's file mid-write.
     */
    public static void removeLeftoverTempFiles(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = target.getFileName() + TEMP_MARK;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path temp : temps) {
                deleteQuietly(temp);
                log.debug("Removed {}, left by an interrupted write.", temp);
            }
        } catch (NoSuchFileException noDirectory) {
            // nothing to clean
        } catch (IOException e) {
            log.warn("Could not look for leftover temp files in {} ({}).", dir, e.getMessage());
        }
    }

    /**
     * Makes a rename or delete in {@code dir} durable. Directories cannot be opened on Windows, where
     * the rename is journaled anyway; a failure costs durability across a power cut only, so it is logged.
     */
    public static void forceDirectory(Path dir) {
        if (!isPosix(dir)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Could not fsync {} ({}); the rename is done but may not survive a power cut.", dir, e.getMessage());
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean hasAcl(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("acl");
    }

    private static FileAttribute<?>[] attributes(Path path, boolean directory) throws IOException {
        if (isPosix(path)) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(directory ? DIRECTORY_MODE : FILE_MODE)};
        }
        if (hasAcl(path)) {
            UserPrincipal me = path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            return new FileAttribute<?>[] {aclAttribute(List.of(ownerEntry(me, directory)))};
        }
        return new FileAttribute<?>[0];
    }

    private static AclEntry ownerEntry(UserPrincipal owner, boolean directory) {
        AclEntry.Builder entry = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class));
        if (directory) {
            entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        }
        return entry.build();
    }

    private static FileAttribute<List<AclEntry>> aclAttribute(List<AclEntry> entries) {
        return new FileAttribute<>() {
            @Override
            public String name() {
                return "acl:acl";
            }

            @Override
            public List<AclEntry> value() {
                return entries;
            }
        };
    }

    /**
     * Deletes {@code path} if it exists, ignoring failure: for leftovers that hold nothing (an empty
     * placeholder, a temp file) which a later write or {@link #removeLeftoverTempFiles} tries again.
     */
    public static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // see above: harmless, and retried later
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
