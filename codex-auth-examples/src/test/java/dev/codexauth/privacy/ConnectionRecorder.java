package dev.codexauth.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records every network peer this JVM talks to while it runs, two independent ways:
 * <ul>
 *   <li>the JDK's own Flight Recorder socket events ({@code jdk.SocketRead}, {@code jdk.SocketWrite}, threshold 0):
 *       every read and write on any {@code Socket} or {@code SocketChannel} of the process, whichever HTTP
 *       client made it, with the peer's address and port;</li>
 *   <li>a default {@link ProxySelector} that records every URI a JDK client ({@code URLConnection},
 *       {@code java.net.http}) asks it about.</li>
 * </ul>
 * A library that phoned home would show up in the first even if it bypassed the second.
 */
final class ConnectionRecorder implements AutoCloseable {

    /** One socket read or write: the peer's host (as the socket knows it), address and port. */
    record Peer(String host, String address, int port) {
    }

    private final Recording recording = new Recording();
    private final ProxySelector previous = ProxySelector.getDefault();
    private final List<URI> proxyQueries = Collections.synchronizedList(new ArrayList<>());
    private List<Peer> peers;

    ConnectionRecorder() {
        recording.enable("jdk.SocketRead").withThreshold(Duration.ZERO);
        recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO);
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                proxyQueries.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        recording.start();
    }

    /** Stops recording and returns every peer seen. */
    List<Peer> stop() {
        if (peers != null) {
            return peers;
        }
        recording.stop();
        ProxySelector.setDefault(previous);
        List<Peer> seen = new ArrayList<>();
        try {
            Path file = Files.createTempFile("privacy-sockets", ".jfr");
            try {
                recording.dump(file);
                for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                    seen.add(new Peer(e.getString("host"), e.getString("address"), e.getInt("port")));
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        peers = List.copyOf(seen);
        return peers;
    }

    List<URI> proxyQueries() {
        return List.copyOf(proxyQueries);
    }

    static boolean isLoopback(Peer p) {
        try {
            return new InetSocketAddress(p.address(), 0).getAddress().isLoopbackAddress();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
        recording.close();
    }
}
