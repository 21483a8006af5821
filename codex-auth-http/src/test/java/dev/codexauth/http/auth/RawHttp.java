package dev.codexauth.http.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.1 client on a plain socket, so tests of the callback server start no client
 * threads of their own (which would blur "no thread left behind").
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    static Response get(int port, String pathAndQuery) throws IOException {
        return get(InetAddress.getLoopbackAddress(), port, pathAndQuery);
    }

    static Response get(InetAddress address, int port, String pathAndQuery) throws IOException {
        try (Socket socket = send(address, port, pathAndQuery)) {
            return read(socket);
        }
    }

    /** Sends the request and returns the open socket, for a test that looks at it before the answer is read. */
    static Socket send(InetAddress address, int port, String pathAndQuery) throws IOException {
        Socket socket = new Socket(address, port);
        try {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads the whole answer from a socket {@link #send} returned. */
    static Response read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int split = raw.indexOf("\r\n\r\n");
        String head = raw.substring(0, split);
        String body = raw.substring(split + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new Response(status, headers, body);
    }
}
