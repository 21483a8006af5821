package dev.codexauth.token;

import dev.codexauth.codex.ClientIdentity;
import dev.codexauth.config.Settings;
import dev.codexauth.http.HttpTransport;
import dev.codexauth.http.auth.HttpIssuer;
import dev.codexauth.storage.file.FileTokenStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * One of the processes of {@link RefreshAcrossProcessesTest}: opens the shared file store, says
 * {@code READY}, waits for {@code GO} on stdin, then lets several threads each take a token and call
 * the sandbox's {@code /wham/usage} with it. Prints one {@code STATUS <code>} line per call, and
 * {@code FAILED <exception class>: <message>} for a caller that got no token. Exits 0 when every call
 * was answered 200.
 *
 * <p>Arguments: issuer URL, backend URL, home directory, number of threads.
 */
public final class RefreshingProcess {

    public static void main(String[] args) throws Exception {
        URI issuerUrl = URI.create(args[0]);
        URI backendUrl = URI.create(args[1]);
        Path home = Path.of(args[2]);
        int threads = Integer.parseInt(args[3]);
        Settings settings = Settings.builder(new Properties(), Map.of())
                .issuer(issuerUrl).baseUrl(backendUrl).home(home).store("file").build();
        ClientIdentity identity = ClientIdentity.of(settings);

        try (HttpTransport transport = HttpTransport.create(settings);
             FileTokenStore store = FileTokenStore.create(settings)) {
            RefreshingCredentials credentials = RefreshingCredentials
                    .builder(settings, store, HttpIssuer.create(transport, settings)).build();
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                System.out.println("FAILED no GO");
                System.exit(2);
            }

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(pool.submit(() -> {
                    try {
                        Credentials c = credentials.credentials();
                        var request = ClassicRequestBuilder.get(backendUrl + "/wham/usage")
                                .addHeader("Authorization", "Bearer " + c.accessToken())
                                .addHeader("ChatGPT-Account-ID", c.accountId())
                                .addHeader("originator", identity.originator())
                                .addHeader("User-Agent", identity.userAgent())
                                .build();
                        return "STATUS " + transport.send(request).status();
                    } catch (RuntimeException e) {
                        return "FAILED " + e.getClass().getName() + ": " + e.getMessage();
                    }
                }));
            }
            boolean allOk = true;
            for (Future<String> call : calls) {
                String line = call.get();
                allOk &= line.equals("STATUS 200");
                System.out.println(line);
            }
            pool.shutdown();
            System.out.flush();
            System.exit(allOk ? 0 : 1);
        }
    }
}
