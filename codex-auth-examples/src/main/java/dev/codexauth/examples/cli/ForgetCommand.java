package dev.codexauth.examples.cli;

import dev.codexauth.config.Settings;
import dev.codexauth.error.CodexAuthException;
import dev.codexauth.storage.file.FileTokenStore;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.LogoutResult;
import dev.codexauth.token.RefreshingCredentials;
import dev.codexauth.token.TokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/**
 * {@code forget}: every data right at once (the privacy page's "delete everything"): the login of
 * every profile (revoked where it can be read, then deleted), damaged login files moved aside and
 * half-written ones, the cache files this library wrote, the logs. Each part says what it deleted.
 *
 * <p>The {@code .lock} files stay: they hold no secret, and deleting one while another process holds
 * it would let a third process take a second lock on a new file, so two refreshes could run at once.
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Delete everything codex-auth keeps on this machine: the login of every profile (revoked first",
                "where it can be read), damaged and half-written login files, the cached catalogs and instructions, the logs.",
                "Prints what it deleted; touches nothing else. The empty .lock files in the auth directory stay: they hold",
                "no secret, and deleting one while another codex-auth process holds it would break the lock."})
final class ForgetCommand extends CliCommand {

    @Override
    public Integer call() {
        Components c = components();
        Settings settings = c.settings();
        int exit = ExitCodes.OK;
        // First the copies moved aside and the half-written files: a logout would delete them silently.
        Path authDir = settings.authDir();
        for (Path leftover : DataFiles.deleteFiles(authDir, DataFiles::isLeftoverLoginFile)) {
            out().println("deleted " + leftover + " (a damaged or half-written login file; not revoked)");
        }
        for (String profile : profiles(settings)) {
            try {
                forget(profile, c);
            } catch (CodexAuthException e) {
                // the other profiles, the cache and the logs are still deleted: a broken store must not keep the rest
                out().flush();
                exit = Math.max(exit, ErrorReport.report(e, root().debug, err()));
            }
        }
        if (Files.isDirectory(authDir)) {
            out().println("login: kept the .lock files in " + authDir + " (empty, no secret; another codex-auth "
                    + "process may be holding one)");
        }
        DataFiles.deleteCacheAndReport(settings.cacheDir(), out());
        DataFiles.deleteAndReport("logs", settings.logDir(), out());
        return exit;
    }

    /** The configured profile and every profile with a login file in the auth directory. */
    private static List<String> profiles(Settings settings) {
        TreeSet<String> profiles = new TreeSet<>();
        profiles.add(settings.profile());
        if (Files.isDirectory(settings.authDir())) {
            profiles.addAll(FileTokenStore.builder().directory(settings.authDir()).build().profiles());
        }
        return List.copyOf(profiles);
    }

    /**
     * Revokes and deletes one profile's login. A login that cannot be read is deleted without being
     * revoked (the file store moves it aside and its delete removes that copy with the login).
     * A profile without a login is left alone, so {@code forget} on an empty home creates nothing.
     */
    private void forget(String profile, Components c) {
        TokenStore store = c.store();
        Optional<Credentials> saved;
        try {
            saved = store.load(profile);
        } catch (CodexAuthException unreadable) {
            out().println("profile '" + profile + "': the login could not be read, so it cannot be revoked; deleting it.");
            boolean deleted = store.delete(profile);
            if (deleted) {
                out().println("deleted the login of profile '" + profile + "' from " + store.name() + " (" + store.location() + ")");
            }
            return;
        }
        if (saved.isEmpty()) {
            out().println("Profile '" + profile + "' was not signed in in " + store.name() + "; nothing to do.");
            return;
        }
        RefreshingCredentials credentials = profile.equals(c.settings().profile()) ? c.credentials()
                : RefreshingCredentials.builder(c.settings(), store, c.issuer()).profile(profile).build();
        LogoutResult result = credentials.logout();
        LogoutCommand.report(result, c, out());
    }
}
