package dev.codexauth.benchmarks;

import dev.codexauth.testkit.Endpoint;
import dev.codexauth.token.Credentials;
import dev.codexauth.token.RefreshingCredentials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A token that has just expired, and 1,000 threads that all need it at once: the time until every one
 * of them holds the new token, against one lone caller waiting for the same refresh, and against the
 * same 1,000 threads released when their token is fresh (what waking them costs, with no refresh).
 * The refresh goes to the sandbox's issuer over loopback. Each invocation's teardown checks the
 * sandbox's journal: exactly one refresh was sent, and every caller got the new token.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RefreshContentionBenchmark {

    static final int CALLERS = 1_000;

    /** The sandbox, a provider, and a login that expired a second ago, renewed before each invocation. */
    @State(Scope.Benchmark)
    public static class Expired {
        SandboxRig rig;
        RefreshingCredentials provider;
        volatile String expiredToken;

        @Setup(Level.Trial)
        public void start() {
            rig = new SandboxRig();
            provider = rig.credentialsProvider();
        }

        @Setup(Level.Invocation)
        public void expire() {
            Credentials login = rig.sandbox.mintCredentials();
            Credentials expired = new Credentials(login.accessToken(), login.refreshToken(), login.idToken(),
                    Instant.now().minusSeconds(1), login.accountId());
            provider.signIn(expired);
            expiredToken = expired.accessToken();
            rig.sandbox.journal().clear();
        }

        @TearDown(Level.Invocation)
        public void exactlyOneRefresh() {
            int refreshes = rig.sandbox.journal().count(Endpoint.TOKEN_REFRESH);
            if (refreshes != 1) {
                throw new IllegalStateException(refreshes + " refreshes were sent for one expiry; expected exactly 1");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            rig.close();
        }
    }

    /** 1,000 parked callers; each round they all ask for credentials at once. */
    @State(Scope.Benchmark)
    public static class Callers {
        private final CyclicBarrier start = new CyclicBarrier(CALLERS + 1);
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger wrongTokens = new AtomicInteger();
        private volatile CountDownLatch done;
        private volatile RefreshingCredentials provider;
        private volatile String expiredToken;

        @Setup(Level.Trial)
        public void start() {
            for (int i = 0; i < CALLERS; i++) {
                Thread t = new Thread(this::serve, "caller-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        void prepare(RefreshingCredentials p, String expired) {
            provider = p;
            expiredToken = expired;
            done = new CountDownLatch(CALLERS);
            while (start.getNumberWaiting() < CALLERS) {
                Thread.onSpinWait();
            }
        }

        /** Releases every caller and waits until each holds a token. */
        void releaseAndAwait() throws InterruptedException, BrokenBarrierException {
            CountDownLatch d = done;
            start.await();
            d.await();
        }

        void check() {
            int wrong = wrongTokens.getAndSet(0);
            if (wrong != 0) {
                throw new IllegalStateException(wrong + " callers did not get the new token");
            }
        }

        private void serve() {
            while (true) {
                try {
                    start.await();
                } catch (InterruptedException | BrokenBarrierException e) {
                    return;
                }
                try {
                    if (provider.credentials().accessToken().equals(expiredToken)) {
                        wrongTokens.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    wrongTokens.incrementAndGet();
                }
                done.countDown();
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            threads.forEach(Thread::interrupt);
        }
    }

    /** 1,000 callers at a fresh token: no refresh, so no journal check. */
    @State(Scope.Benchmark)
    public static class Fresh {
        SandboxRig rig;
        RefreshingCredentials provider;

        @Setup(Level.Trial)
        public void start() {
            rig = new SandboxRig();
            provider = rig.credentialsProvider();
            provider.signIn(rig.sandbox.mintCredentials());
        }

        @TearDown(Level.Trial)
        public void stop() {
            rig.close();
        }
    }

    /** Baseline: one caller, one refresh. */
    @Benchmark
    public Credentials loneRefresh(Expired expired) {
        Credentials c = expired.provider.credentials();
        if (c.accessToken().equals(expired.expiredToken)) {
            throw new IllegalStateException("the lone caller got the expired token");
        }
        return c;
    }

    /** Setup for the contended run: arms the callers for this invocation. */
    @State(Scope.Benchmark)
    public static class Contended {
        @Setup(Level.Invocation)
        public void arm(Expired expired, Callers callers) {
            callers.prepare(expired.provider, expired.expiredToken);
        }

        @TearDown(Level.Invocation)
        public void everyoneRenewed(Callers callers) {
            callers.check();
        }
    }

    /** 1,000 callers at expiry: all wait for the one refresh. */
    @Benchmark
    public void thousandCallersAtExpiry(Expired expired, Callers callers, Contended armed)
            throws InterruptedException, BrokenBarrierException {
        callers.releaseAndAwait();
    }

    /** Setup for the reference run: arms the callers at a fresh token. */
    @State(Scope.Benchmark)
    public static class FreshArmed {
        @Setup(Level.Invocation)
        public void arm(Fresh fresh, Callers callers) {
            callers.prepare(fresh.provider, "none");
        }
    }

    /** Reference: the same 1,000 callers released while the token is fresh (harness cost, no refresh). */
    @Benchmark
    public void thousandCallersFreshToken(Fresh fresh, Callers callers, FreshArmed armed)
            throws InterruptedException, BrokenBarrierException {
        callers.releaseAndAwait();
    }
}
