package dev.sluice.bench;

import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.LbPolicy;
import dev.sluice.proxy.lb.Hashing;
import dev.sluice.proxy.lb.LoadBalancer;
import dev.sluice.proxy.lb.LoadBalancers;
import dev.sluice.proxy.lb.PickContext;
import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pick per algorithm, as a worker makes it. Hosts have weights 1 to 4 (so the weighted
 * paths run: alias table, smooth WRR sequence, EDF least request), and the hash policies get a
 * different key each pick from a pool of pre-hashed tenant names, so lookups are not all the
 * same cache line. Hashing the key itself is measured separately ({@link HashKey}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoadBalancerPickBenchmark {
    private static final int KEYS = 4096;

    @Param({"8", "1000"})
    public int endpoints;

    @Param({"ROUND_ROBIN", "WEIGHTED_ROUND_ROBIN", "RANDOM", "LEAST_REQUEST", "RING_HASH", "MAGLEV"})
    public LbPolicy policy;

    private LoadBalancer balancer;
    private PickContext[] contexts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<UpstreamHost> hosts = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            UpstreamHost host = new UpstreamHost(new HostPort("10.1." + (i / 250) + "." + (i % 250 + 1), 9009),
                    1 + i % 4, 0);
            // Uneven load, so least request compares different counts.
            for (int r = 0; r < i % 7; r++) {
                host.requestStarted();
            }
            hosts.add(host);
        }
        balancer = LoadBalancers.factory(policy).create(hosts);
        contexts = new PickContext[KEYS];
        for (int i = 0; i < KEYS; i++) {
            contexts[i] = PickContext.withHash(Hashing.hash64("tenant-" + i));
        }
    }

    @Benchmark
    public UpstreamHost pick() {
        int i = next;
        next = (i + 1) & (KEYS - 1);
        return balancer.pick(contexts[i]);
    }

    /** What a router adds per request for the hash policies: hashing the tenant header value. */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(1)
    public static class HashKey {
        private final String[] tenants = new String[KEYS];
        private int next;

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < KEYS; i++) {
                tenants[i] = "tenant-" + i;
            }
        }

        @Benchmark
        public long hashTenantKey() {
            int i = next;
            next = (i + 1) & (KEYS - 1);
            return Hashing.hash64(tenants[i]);
        }
    }
}
