package dev.codexauth.benchmarks;

import dev.codexauth.token.Credentials;
import dev.codexauth.token.CredentialsProvider;
import dev.codexauth.token.RefreshingCredentials;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every request pays to get its token while the token is fresh: {@link RefreshingCredentials}
 * (a volatile read and a clock read) against a provider that returns a constant, and the clock read
 * alone. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} should be about 0 B/op for both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class FreshTokenBenchmark {

    private SandboxRig rig;
    private RefreshingCredentials refreshing;
    private CredentialsProvider fixed;
    private Clock clock;

    @Setup
    public void setUp() {
        rig = new SandboxRig();
        Credentials login = rig.sandbox.mintCredentials();
        refreshing = rig.credentialsProvider();
        refreshing.signIn(login);
        fixed = CredentialsProvider.fixed(login);
        clock = rig.settings.clock();
        if (refreshing.credentials() != login) {
            throw new IllegalStateException("a fresh login should be handed out as it is");
        }
    }

    @TearDown
    public void tearDown() {
        rig.close();
    }

    /** Baseline: a provider that returns the same object, no clock, no volatile read. */
    @Benchmark
    public Credentials baselineFixedProvider() {
        return fixed.credentials();
    }

    /** Reference: the clock read alone ({@code Clock.systemUTC().millis()}), which the fresh path includes. */
    @Benchmark
    public long baselineClockMillis() {
        return clock.millis();
    }

    /** The library's fresh path. */
    @Benchmark
    public Credentials refreshingFreshToken() {
        return refreshing.credentials();
    }
}
