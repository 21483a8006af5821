package dev.codexauth.storage.file;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import dev.codexauth.error.Recovery;
import dev.codexauth.error.StoreException;
import dev.codexauth.files.PrivateFiles;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.Profiles;
import dev.codexauth.token.StoreLock;
import dev.codexauth.token.TokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins kept as JSON files in one directory, by default {@code $CODEX_AUTH_HOME/auth}
 * ({@code ~/.opencode/auth}), as indented {@link OpenCodeRecord}s (SPEC §5): the profile {@code default} in
 * {@code openai.json}, any other profile {@code p} in {@code openai-p.json}. Profile names follow
 * {@link Profiles} (1-64 lowercase letters, digits, {@code -} or {@code _}, starting with a letter or digit).
 *
 * <p><b>Privacy.</b> The directory is created 0700 and every file 0600 at creation (an owner-only
 * ACL on Windows); an existing file or directory with looser permissions is tightened, with a warning.
 *
 * <p><b>Crash safety.</b> A save writes a temp file beside the record, forces it to disk, renames it
 * over the record atomically and forces the directory: after a crash the record is the old one or
 * the new one, never a mix. Temp files a crash leaves behind are removed by the next write.
 *
 * <p><b>Unreadable records</b> are never replaced silently: loading one moves it aside to
 * {@code <file>.corrupt-<UTC time>} and fails with a {@link StoreException} that names both files
 * and asks the user to sign in again. Saving over one moves it aside the same way, with a warning.
 * Fields of the record that this library does not interpret are kept on rewrite: those of
 * {@link Credentials#extras()}, and those already in the file that the new credentials do not name.
 *
 * <p><b>Locking.</b> {@link #lock} serialises refreshes of a profile across threads and processes,
 * through a lock file beside the record ({@code openai.json.lock}) that is never deleted. Saves and
 * deletes take the same lock. The lock is reentrant on the thread that holds it, so the holder may
 * {@link #load}, {@link #save} and {@link #delete} the profile; it must be closed by that thread.
 *
 * <p>Thread-safe. {@link #toString()} and every message name files, never a token.
 */
@SuppressWarnings("try") // a held lock is a resource only to be closed
public final class FileTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(FileTokenStore.class);

    private static final String PREFIX = "openai";
    private static final String SUFFIX = ".json";
    private static final String LOCK_SUFFIX = ".lock";
    private static final DateTimeFormatter ASIDE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Duration lockTimeout;
    private final Clock clock;
    private final Consumer<Path> tempFileCreated;

    private FileTokenStore(Builder builder) {
        this.directory = builder.directory.toAbsolutePath().normalize();
        this.lockTimeout = builder.lockTimeout;
        this.clock = builder.clock;
        this.tempFileCreated = builder.tempFileCreated;
    }

    /** The store the settings describe: {@link Settings#authDir()}, {@link Settings#lockTimeout()}, {@link Settings#clock()}. */
    public static FileTokenStore create(Settings settings) {
        return builder().directory(settings.authDir()).lockTimeout(settings.lockTimeout()).clock(settings.clock()).build();
    }

    /** A builder; {@link Builder#directory} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String location() {
        return directory.toString();
    }

    /** The directory holding the records. */
    public Path directory() {
        return directory;
    }

    /**
     * The file holding this profile's login (whether or not it exists).
     *
     * @throws ConfigurationException when the profile name is not allowed
     */
    public Path file(String profile) {
        Objects.requireNonNull(profile, "profile");
        if (Profiles.requireValid(profile).equals(Profiles.DEFAULT)) {
            return directory.resolve(PREFIX + SUFFIX);
        }
        return directory.resolve(PREFIX + "-" + profile + SUFFIX);
    }

    /** The profiles that have a saved login, in name order. */
    public List<String> profiles() {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.equals(PREFIX + SUFFIX)) {
                    found.add(Profiles.DEFAULT);
                } else if (name.startsWith(PREFIX + "-")) {
                    String profile = name.substring(PREFIX.length() + 1, name.length() - SUFFIX.length());
                    if (Profiles.isValid(profile) && !profile.equals(Profiles.DEFAULT)) {
                        found.add(profile);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("Could not list " + directory + " (" + e.getMessage() + ").", e);
        }
        found.sort(null);
        return found;
    }

    @Override
    public Optional<Credentials> load(String profile) {
        Path file = file(profile);
        Optional<byte[]> bytes = readExisting(file);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OpenCodeRecord.parse(bytes.get()));
        } catch (OpenCodeRecord.Unreadable firstLook) {
            // a reader never races a writer into moving a good file aside: look again under the lock
            try (StoreLock held = lock(profile, lockTimeout)) {
                Optional<byte[]> again = read(file);
                if (again.isEmpty()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(OpenCodeRecord.parse(again.get()));
                } catch (OpenCodeRecord.Unreadable stillBad) {
                    Path aside = moveAside(file);
                    throw new StoreException("The login file " + file + " cannot be read: " + stillBad.getMessage()
                            + ". It was moved to " + aside + " (nothing was deleted). Sign in again to create a new one.",
                            Recovery.SIGN_IN, null);
                }
            }
        }
    }

    /**
     * Whether the profile's login file exists (readable or not), or a copy of it moved aside as
     * unreadable (it may still hold working tokens, so a logout must see it); creates nothing, not even
     * the directory.
     */
    @Override
    public boolean contains(String profile) {
        Path file = file(profile);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (DirectoryStream<Path> copies = corruptCopies(file)) {
            return copies.iterator().hasNext();
        } catch (IOException noDirectory) {
            return false;
        }
    }

    /**
     * Reads the profile's login for a caller about to delete it: like {@link #load}, but an unreadable
     * file stays where it is (no {@code .corrupt-*} copy is made), and fails with a {@link StoreException}
     * asking to sign in again.
     */
    @Override
    public Optional<Credentials> peek(String profile) {
        Path file = file(profile);
        Optional<byte[]> bytes = readExisting(file);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OpenCodeRecord.parse(bytes.get()));
        } catch (OpenCodeRecord.Unreadable e) {
            throw new StoreException("The login file " + file + " cannot be read: " + e.getMessage()
                    + ". Sign in again to create a new one.", Recovery.SIGN_IN, null);
        }
    }

    @Override
    public void save(String profile, Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        Path file = file(profile);
        try (StoreLock held = lock(profile, lockTimeout)) {
            Credentials merged = withFieldsKeptFrom(file, credentials);
            write(file, OpenCodeRecord.toIndentedJson(merged));
        }
    }

    @Override
    public boolean delete(String profile) {
        Path file = file(profile);
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (StoreLock held = lock(profile, lockTimeout)) {
            PrivateFiles.removeLeftoverTempFiles(file);
            // copies moved aside as unreadable may still hold working tokens: a logout deletes them too
            boolean existed = removeCorruptCopies(file) | Files.deleteIfExists(file);
            if (existed) {
                PrivateFiles.forceDirectory(directory);
            }
            return existed;
        } catch (IOException e) {
            throw new StoreException("Could not delete " + file + " (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Takes the refresh lock of this profile ({@code <record>.lock}); see the class comment.
     *
     * @throws StoreException after {@code timeout}, naming the lock file
     */
    @Override
    public StoreLock lock(String profile, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Path file = file(profile);
        Path lockFile = file.resolveSibling(file.getFileName() + LOCK_SUFFIX);
        try {
            PrivateFiles.createPrivateDirectories(directory);
            PrivateFiles.restrictToOwner(directory);
            return LockFile.of(lockFile).acquire(timeout, "the login of profile '" + profile + "'");
        } catch (IOException e) {
            throw new StoreException("Could not create the token directory " + directory + " (" + e.getMessage()
                    + "). Check that you can write there, or set " + Settings.HOME + ".", e);
        }
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + directory + "]";
    }

    // --- reading ---

    private static Optional<byte[]> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            // one byte more than a record may have lets the parser tell "too large" from "fits"
            return Optional.of(in.readNBytes(OpenCodeRecord.MAX_BYTES + 1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("Could not read " + file + " (" + e.getMessage() + "). Check its permissions.", e);
        }
    }

    private void tightenExisting(Path file) {
        try {
            PrivateFiles.restrictToOwner(directory);
            PrivateFiles.restrictToOwner(file);
        } catch (NoSuchFileException raced) {
            // deleted meanwhile; nothing to protect
        } catch (IOException e) {
            throw new StoreException("Could not restrict the permissions of " + file + " to its owner ("
                    + e.getMessage() + "). Fix them by hand (chmod 600) and try again.", e);
        }
    }

    /** Fields of the current record that the new credentials do not carry; an unreadable record is moved aside. */
    private Credentials withFieldsKeptFrom(Path file, Credentials credentials) {
        Optional<byte[]> bytes = read(file);
        if (bytes.isEmpty()) {
            return credentials;
        }
        try {
            Credentials current = OpenCodeRecord.parse(bytes.get());
            java.util.Map<String, Object> extras = new java.util.HashMap<>(current.extras());
            extras.putAll(credentials.extras());
            return credentials.withExtras(extras);
        } catch (OpenCodeRecord.Unreadable e) {
            Path aside = moveAside(file);
            log.warn("The login file {} could not be read ({}); moved it to {} and saved the new login in its place.",
                    file, e.getMessage(), aside);
            return credentials;
        }
    }

    private Path moveAside(Path file) {
        String stamp = ASIDE_TIME.format(clock.instant());
        for (int attempt = 0; ; attempt++) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + (attempt == 0 ? "" : "-" + attempt));
            try {
                Files.createFile(aside, PrivateFiles.ownerOnly(aside));
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                PrivateFiles.forceDirectory(directory);
                return aside;
            } catch (FileAlreadyExistsException taken) {
                if (attempt > 100) {
                    throw new StoreException("Could not move the unreadable login file " + file + " aside: too many "
                            + "files named " + aside.getFileName() + ". Remove old .corrupt- files there.", null);
                }
            } catch (IOException e) {
                PrivateFiles.deleteQuietly(aside);
                throw new StoreException("The login file " + file + " cannot be read and could not be moved aside ("
                        + e.getMessage() + "). Move or delete it yourself, then sign in again.", Recovery.SIGN_IN, e);
            }
        }
    }

    // --- writing ---

    /** Every writer holds the profile's lock, so temp files an interrupted write left are safe to remove first. */
    private void write(Path file, byte[] record) {
        PrivateFiles.removeLeftoverTempFiles(file);
        try {
            PrivateFiles.writeAtomically(file, record, tempFileCreated);
        } catch (IOException e) {
            throw new StoreException("Could not write the login file " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "). The previous login, if any, is unchanged.", e);
        }
    }

    /** The record's bytes, its permissions tightened first if they were loose; empty when there is no file. */
    private Optional<byte[]> readExisting(Path file) {
        Optional<byte[]> bytes = read(file);
        bytes.ifPresent(b -> tightenExisting(file));
        return bytes;
    }

    /** Copies of this record moved aside as unreadable ({@code <record>.corrupt-<time>}). */
    private DirectoryStream<Path> corruptCopies(Path file) throws IOException {
        String prefix = file.getFileName() + ".corrupt-";
        return Files.newDirectoryStream(directory, p -> p.getFileName().toString().startsWith(prefix));
    }

    private boolean removeCorruptCopies(Path file) throws IOException {
        boolean removed = false;
        try (DirectoryStream<Path> copies = corruptCopies(file)) {
            for (Path copy : copies) {
                removed |= Files.deleteIfExists(copy);
            }
        } catch (NoSuchFileException noDirectory) {
            // nothing to delete
        }
        return removed;
    }

    /** Configures a {@link FileTokenStore}. Not thread-safe. */
    public static final class Builder {
        private Path directory;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Consumer<Path> tempFileCreated = temp -> { };

        private Builder() {
        }

        /** The directory of the records (required), e.g. {@link Settings#authDir()}. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** How long {@link #save} and {@link #delete} wait for another holder of the lock (default 30 s). */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
            return this;
        }

        /** The clock that stamps files moved aside (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Test hook: runs right after a temp file is created, before anything is written to it. */
        Builder tempFileCreated(Consumer<Path> hook) {
            this.tempFileCreated = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** @throws ConfigurationException when no directory was given or the lock timeout is negative */
        public FileTokenStore build() {
            if (directory == null) {
                throw new ConfigurationException("A file token store needs a directory (for example Settings.authDir()).");
            }
            if (lockTimeout.isNegative()) {
                throw new ConfigurationException("The lock timeout of a file token store must not be negative.");
            }
            return new FileTokenStore(this);
        }
    }
}
