// Measuring aid for docs/PERFORMANCE.md (not part of the build): thread CPU time per stream.
// Run: java -cp codex-auth-benchmarks/target/benchmarks.jar docs/performance-runs/CpuPerStream.java 400
import dev.codexauth.codex.*;
import dev.codexauth.sse.*;
import java.io.*;
import java.lang.management.*;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

/** Thread CPU time per stream (median of many), less sensitive to other processes than wall time. */
public class CpuPerStream {
    static byte[] bytes;
    static long sink;
    public static void main(String[] a) throws Exception {
        Class<?> rs = Class.forName("dev.codexauth.benchmarks.RealisticStream");
        Method build = rs.getDeclaredMethod("build", int.class);
        build.setAccessible(true);
        Object stream = build.invoke(null, 2000);
        Method b = stream.getClass().getDeclaredMethod("bytes");
        b.setAccessible(true);
        bytes = (byte[]) b.invoke(stream);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = {"baseline", "parse", "parse+decode", "+assemble"};
        Runnable[] work = {CpuPerStream::baseline, CpuPerStream::parse, CpuPerStream::decode, CpuPerStream::assemble};
        // warm-up: each path until 20 s of CPU in all
        long until = mx.getCurrentThreadCpuTime() + 20_000_000_000L;
        while (mx.getCurrentThreadCpuTime() < until) for (Runnable r : work) for (int i = 0; i < 20; i++) r.run();
        int reps = Integer.parseInt(a.length > 0 ? a[0] : "400");
        long[][] t = new long[work.length][reps];
        for (int i = 0; i < reps; i++) {
            for (int w = 0; w < work.length; w++) {
                long s = mx.getCurrentThreadCpuTime();
                work[w].run();
                t[w][i] = mx.getCurrentThreadCpuTime() - s;
            }
        }
        double base = 0;
        for (int w = 0; w < work.length; w++) {
            Arrays.sort(t[w]);
            double med = t[w][reps / 2] / 1e6;
            if (w == 0) base = med;
            System.out.printf("%-14s median %.3f ms CPU/stream  p25 %.3f  p75 %.3f  %.0f MB/s  vs baseline %.2f%n", names[w], med,
                    t[w][reps / 4] / 1e6, t[w][3 * reps / 4] / 1e6, bytes.length / med / 1e3, base / med);
        }
    }
    static void baseline() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8), 8192)) {
            String line; while ((line = r.readLine()) != null) sink += line.length();
        } catch (IOException e) { throw new UncheckedIOException(e); }
    }
    static void parse() {
        SseParser p = new SseParser();
        for (int off = 0; off < bytes.length; off += 8192) p.feed(bytes, off, Math.min(8192, bytes.length - off), e -> sink += e.data().length());
        p.finish(e -> sink++);
    }
    static void decode() {
        ResponseEventDecoder d = new ResponseEventDecoder();
        for (int off = 0; off < bytes.length; off += 8192) d.feed(bytes, off, Math.min(8192, bytes.length - off), e -> sink += (e instanceof ResponseEvent.TextDelta t) ? t.delta().length() : 1);
        d.finish(e -> sink++);
    }
    static void assemble() {
        ResponseEventDecoder d = new ResponseEventDecoder();
        ResponseAssembler as = new ResponseAssembler(ReplyHeaders.NONE);
        for (int off = 0; off < bytes.length; off += 8192) d.feed(bytes, off, Math.min(8192, bytes.length - off), as::accept);
        d.finish(as::accept);
        sink += as.finish().hashCode() & 1;
    }
}
