package dev.codexauth.storage.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner-only access for token files and their directory: 0600 / 0700 on POSIX, an ACL granting only
 * the owner on Windows (and any other file system with ACLs but no POSIX modes). Permissions are
 * given at creation, so no moment exists in which another user could open the file.
 *
 * <p>The ACL branch is written for Windows and cannot run on the Linux machines this project is
 * tested on.
 */
final class OwnerOnly {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);

    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean hasAcl(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("acl");
    }

    /** The attributes to create a token file with (none when the file system knows neither model). */
    static FileAttribute<?>[] forNewFile(Path file) throws IOException {
        if (isPosix(file)) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)};
        }
        if (hasAcl(file)) {
            return new FileAttribute<?>[] {aclAttribute(List.of(ownerEntry(file, false)))};
        }
        return new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] forNewDirectory(Path dir) throws IOException {
        if (isPosix(dir)) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY_MODE)};
        }
        if (hasAcl(dir)) {
            return new FileAttribute<?>[] {aclAttribute(List.of(ownerEntry(dir, true)))};
        }
        return new FileAttribute<?>[0];
    }

    /**
     * Creates {@code dir} (and missing parents) owner-only, or tightens it when it exists with more
     * access than that.
     */
    static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, forNewDirectory(dir));
            } catch (FileAlreadyExistsException raced) {
                // another process created it between the check and the call: tighten below
            }
        }
        tighten(dir, true);
    }

    /**
     * Sets owner-only access on an existing file or directory that has more (group or other bits, or
     * ACL entries for anyone else), with a warning. Also repairs a mode that a strict umask made too
     * tight for the owner to use.
     */
    static void tighten(Path path, boolean directory) throws IOException {
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
                log.warn("{} was accessible to other users ({}); tightened it to {}: token {} must be private to their owner.",
                        path, PosixFilePermissions.toString(actual), PosixFilePermissions.toString(wanted),
                        directory ? "directories" : "files");
            }
            view.setPermissions(wanted);
        } else if (hasAcl(path)) {
            AclFileAttributeView view = Files.getFileAttributeView(path, AclFileAttributeView.class);
            UserPrincipal owner = view.getOwner();
            List<AclEntry> acl = view.getAcl();
            boolean othersAllowed = acl.stream()
                    .anyMatch(e -> e.type() == AclEntryType.ALLOW && !e.principal().equals(owner));
            if (othersAllowed) {
                log.warn("{} was accessible to other users; restricted its ACL to its owner {}: token {} must be private.",
                        path, owner.getName(), directory ? "directories" : "files");
                view.setAcl(List.of(ownerEntry(owner, directory)));
            }
        }
    }

    private static AclEntry ownerEntry(Path path, boolean directory) throws IOException {
        UserPrincipal me = path.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        return ownerEntry(me, directory);
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
}
