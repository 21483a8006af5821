package dev.codexauth.storage.keychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store in processes of its own: every JVM that used it, or failed to, must end by itself, and a
 * keychain that is absent, locked or hung must give a clear error quickly.
 */
class KeychainProcessTest {

    @TempDir
    Path home;

    private final String service = TestLogins.uniqueService();

    @Test
    void aJvmThatUsedTheKeychainExitsByItself() throws Exception {
        ChildJvm.Result r = ChildJvm.run(env -> { }, "use", service, home.toString());

        assertThat(r.out()).contains("used true").doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).as("exited by itself; stderr: %s", r.err()).isTrue();
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void withoutASessionBusOpeningFailsAtOnceWithoutWaitingForAnAnswerAndTheJvmExits() throws Exception {
        // a call timeout longer than the child's life: only an error that needs no answer can come back
        ChildJvm.Result r = ChildJvm.run(env -> env.remove("DBUS_SESSION_BUS_ADDRESS"), "open", service, home.toString(),
                "600000");

        assertThat(r.line("failed ")).contains("StoreException").contains("DBUS_SESSION_BUS_ADDRESS is not set")
                .contains("CODEX_AUTH_STORE=file").doesNotContain("did not answer");
        assertThat(r.out()).doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).isTrue();
    }

    @Test
    void withABusAddressThatLeadsNowhereOpeningFailsWithoutWaitingForAnAnswerAndTheJvmExits() throws Exception {
        String bogus = "unix:path=" + home.resolve("no-such-bus");
        ChildJvm.Result r = ChildJvm.run(env -> env.put("DBUS_SESSION_BUS_ADDRESS", bogus), "open", service, home.toString(),
                "600000");

        assertThat(r.line("failed ")).contains("Could not connect to the D-Bus session bus").doesNotContain("did not answer");
        assertThat(r.out()).doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).isTrue();
    }

    @Test
    void aBusThatNeverAnswersTimesOutWithAClearErrorAndTheJvmExits() throws Exception {
        Path socket = home.resolve("silent-bus");
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept()); // accepted, never answered
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            ChildJvm.Result r = ChildJvm.run(env -> env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket),
                    "open", service, home.toString(), "1500");

            assertThat(r.line("failed ")).contains("did not answer within 1500 ms")
                    .contains("find a Secret Service on the D-Bus session bus");
            assertThat(r.out()).doesNotContain("non-daemon");
            assertThat(r.exitedByItself()).as("exited by itself; out: %s", r.out()).isTrue();
        } finally {
            for (SocketChannel c : held) {
                c.close();
            }
        }
    }

    @Test
    void aBusWithoutASecretServiceIsAClearErrorAndTheJvmExits() throws Exception {
        ChildJvm.Result r = ChildJvm.runInOwnSession(home, "true", "open", service, home.toString());

        assertThat(r.line("failed ")).contains("nothing owns org.freedesktop.secrets").contains("installed but not running");
        assertThat(r.out()).doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).as("exited by itself; out: %s err: %s", r.out(), r.err()).isTrue();
    }

    @Test
    void aLockedCollectionIsAClearErrorAndTheJvmExits() throws Exception {
        String setup = "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null\n"
                + "dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets "
                + "org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/aliases/default >/dev/null";

        ChildJvm.Result r = ChildJvm.runInOwnSession(home, setup, "open", service, home.toString());

        assertThat(r.line("failed ")).contains("default collection is locked").contains("Unlock it");
        assertThat(r.out()).doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).as("exited by itself; out: %s err: %s", r.out(), r.err()).isTrue();
    }

    @Test
    void aKeyringThatWasNeverUnlockedIsAClearErrorAndTheJvmExits() throws Exception {
        String setup = "gnome-keyring-daemon --start --components=secrets >/dev/null";

        ChildJvm.Result r = ChildJvm.runInOwnSession(home, setup, "open", service, home.toString(), "5000");

        assertThat(r.line("failed ")).contains("no default collection");
        assertThat(r.out()).doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).as("exited by itself; out: %s err: %s", r.out(), r.err()).isTrue();
    }

    /** Starts an unlocked gnome-keyring in the child's session and exports its pid as KEYRING_PID. */
    private static final String KEYRING_WITH_PID = "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null\n"
            + "dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets "
            + "org.freedesktop.DBus.Peer.Ping >/dev/null\n"
            // wait until the daemon serves its default collection, so only the STOP can make it slow
            + "dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default "
            + "org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked >/dev/null\n"
            + "KEYRING_PID=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "
            + "org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ {print $2}')\n"
            + "export KEYRING_PID";
    private static final String KILL_KEYRING = "kill -KILL $KEYRING_PID";

    @Test
    void aSecretServiceThatStoppedAnsweringTimesOutWithAClearErrorAndTheJvmExits() throws Exception {
        ChildJvm.Result r = ChildJvm.runInOwnSessionWithTeardown(home, KEYRING_WITH_PID + "\nkill -STOP $KEYRING_PID", KILL_KEYRING,
                "open", service, home.toString(), "3000");

        assertThat(r.line("failed ")).contains("did not answer within 3 s").contains("CODEX_AUTH_STORE=file");
        assertThat(r.out()).doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).as("exited by itself; out: %s err: %s", r.out(), r.err()).isTrue();
    }

    @Test
    void aSecretServiceThatHangsAfterOpeningTimesOutAndTheSameStoreWorksOnceItAnswersAgain() throws Exception {
        ChildJvm.Result r = ChildJvm.runInOwnSessionWithTeardown(home, KEYRING_WITH_PID, KILL_KEYRING,
                "hang-after-open", service, home.toString(), "3000");

        assertThat(r.out()).contains("opened");
        assertThat(r.line("failed ")).contains("did not answer within 3 s")
                .contains("read the login of profile 'default'");
        // still stopped: the store tries a fresh connection, which times out too, and says so
        assertThat(r.line("still-stopped ")).contains("stopped answering earlier").contains("did not answer within 3 s");
        // answering again: the next calls reconnect and work, with no new store
        assertThat(r.line("then ")).isEqualTo("then recovered true");
        assertThat(r.out()).doesNotContain("non-daemon");
        assertThat(r.exitedByItself()).as("exited by itself; out: %s err: %s", r.out(), r.err()).isTrue();
    }
}
