package dev.sluice.bench;

import dev.sluice.proxy.route.ListenerRouter;
import dev.sluice.proxy.route.RouteSink;
import dev.sluice.proxy.route.RouteTarget;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.ClusterRuntime;
import dev.sluice.proxy.lb.RoundRobinBalancer;
import dev.sluice.proxy.http.codec.FlatHttpHeaders;
import io.netty.util.AsciiString;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Routing one request by tenant header: header lookup, read/write classification, tenant map.
 * The cost must not grow with the number of tenants.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TenantLookupBenchmark implements RouteSink {
    @Param({"1", "1000", "100000"})
    int tenants;

    private ListenerRouter router;
    private HttpHeaders[] requests;
    private int next;
    private RouteTarget routed;
    private int routedStats;

    @Override
    public void routeTo(RouteTarget target, int statsId) {
        routed = target;
        routedStats = statsId;
    }

    @Setup
    public void setup() {
        ProxyStats stats = new ProxyStats();
        ClusterRuntime cluster = new ClusterRuntime(BenchConfigs.cluster("backend"), RoundRobinBalancer::new,
                stats.cluster("backend"), stats.health("backend"));
        router = new ListenerRouter(BenchConfigs.listener(tenants), name -> cluster, stats);
        // Rotate over up to 1024 distinct tenants so lookups are not all one cache line.
        int n = Math.min(tenants, 1024);
        requests = new HttpHeaders[n];
        for (int i = 0; i < n; i++) {
            // As the HTTP/1.1 decoder hands them over: flat headers whose values are byte views.
            FlatHttpHeaders h = new FlatHttpHeaders();
            h.addTrusted(AsciiString.of("host"), AsciiString.of("sluice:8080"));
            h.addTrusted(AsciiString.of("user-agent"), AsciiString.of("prometheus/2.53"));
            h.addTrusted(AsciiString.of("content-type"), AsciiString.of("application/x-protobuf"));
            h.addTrusted(AsciiString.of("content-encoding"), AsciiString.of("snappy"));
            h.addTrusted(AsciiString.of("X-Scope-OrgID"), AsciiString.of(BenchConfigs.tenant((int) ((long) i * tenants / n))));
            requests[i] = h;
        }
    }

    @Benchmark
    public void routeWrite(Blackhole bh) {
        HttpHeaders h = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        router.route("POST", "/api/v1/push", h, this);
        bh.consume(routed);
        bh.consume(routedStats);
    }

    @Benchmark
    public void routeRead(Blackhole bh) {
        HttpHeaders h = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        router.route("GET", "/prometheus/api/v1/query", h, this);
        bh.consume(routed);
        bh.consume(routedStats);
    }
}
