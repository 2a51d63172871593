package dev.sluice.proxy.health;

import dev.sluice.config.model.HealthPolicy;
import dev.sluice.proxy.stats.HealthStats;
import dev.sluice.proxy.upstream.UpstreamHost;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The health of one cluster: runs its active checks and outlier detection on one health event
 * loop (never a worker), and publishes the resulting {@link HostSet} through one volatile
 * reference that workers read on every pick. All state changes happen on that loop, so they
 * need no lock; workers only add outcome counts to each host's atomics.
 *
 * <p>Lives as long as its cluster runtime: started after the runtime is published, stopped when
 * a reload retires the runtime.
 */
public final class ClusterHealth {
    private final List<UpstreamHost> hosts;
    private final HealthPolicy policy;
    private final HealthStats stats;
    private final List<Integer> priorities;
    private final OutlierDetector outlier;
    private final ActiveHealthChecker checker;
    private volatile HostSet current;
    private volatile EventLoop loop;
    private volatile boolean stopped;

    public ClusterHealth(List<UpstreamHost> hosts, HealthPolicy policy, HealthStats stats) {
        this.hosts = List.copyOf(hosts);
        this.policy = policy;
        this.stats = stats;
        TreeSet<Integer> ps = new TreeSet<>();
        for (UpstreamHost h : hosts) {
            ps.add(h.priority());
        }
        this.priorities = List.copyOf(ps);
        this.outlier = policy.outlier() == null ? null : new OutlierDetector(this, policy.outlier());
        this.checker = policy.activeCheck() == null ? null : new ActiveHealthChecker(this, policy.activeCheck());
        if (outlier != null) {
            for (UpstreamHost h : hosts) {
                h.health().sink(outlier);
            }
        }
        this.current = compute();
        publishGauges(current);
    }

    /** What workers route to now. Cheap: one volatile read. */
    public HostSet current() {
        return current;
    }

    public HealthPolicy policy() {
        return policy;
    }

    /** Starts checks and detection on a loop of {@code group}; does nothing if already started or stopped. */
    public synchronized void start(EventLoopGroup group) {
        if (loop != null || stopped || (outlier == null && checker == null)) {
            return;
        }
        EventLoop l = group.next();
        loop = l;
        l.execute(() -> {
            if (stopped) {
                return;
            }
            if (outlier != null) {
                outlier.start(l);
            }
            if (checker != null) {
                checker.start(l);
            }
        });
    }

    /** Stops checks and detection; what was published stays as it is. */
    public synchronized void stop() {
        stopped = true;
        EventLoop l = loop;
        if (l != null && !l.isShuttingDown()) {
            l.execute(() -> {
                if (outlier != null) {
                    outlier.stop();
                }
                if (checker != null) {
                    checker.stop();
                }
            });
        }
    }

    boolean stopped() {
        return stopped;
    }

    EventLoop loop() {
        return loop;
    }

    List<UpstreamHost> hosts() {
        return hosts;
    }

    HealthStats stats() {
        return stats;
    }

    /** Recomputes and publishes the host set; on the health loop, after a host changed state. */
    void republish() {
        HostSet next = compute();
        current = next;
        publishGauges(next);
    }

    private void publishGauges(HostSet set) {
        int healthy = 0;
        int unhealthy = 0;
        int ejected = 0;
        for (UpstreamHost h : hosts) {
            HostHealth hh = h.health();
            if (!hh.activeHealthy()) {
                unhealthy++;
            } else if (hh.ejected()) {
                ejected++;
            } else {
                healthy++;
            }
        }
        stats.hosts(healthy, unhealthy, ejected, set.panic());
    }

    /** Per priority level: health by the overprovisioning rule, the loads, panic or not. */
    HostSet compute() {
        int n = priorities.size();
        List<List<UpstreamHost>> all = new ArrayList<>(n);
        List<List<UpstreamHost>> available = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new ArrayList<>());
            available.add(new ArrayList<>());
        }
        for (UpstreamHost h : hosts) {
            int level = priorities.indexOf(h.priority());
            all.get(level).add(h);
            if (h.health().available()) {
                available.get(level).add(h);
            }
        }
        int[] health = new int[n];
        for (int i = 0; i < n; i++) {
            health[i] = PriorityLoad.health(available.get(i).size(), all.get(i).size(),
                    policy.overprovisioningFactor());
        }
        int total = PriorityLoad.normalizedTotalHealth(health);
        // Below the panic threshold the few hosts left would be overwhelmed: spread over all of them.
        boolean panic = policy.panicThresholdPercent() > 0 && total < policy.panicThresholdPercent();
        return new HostSet(panic ? all : available, PriorityLoad.loads(health), panic);
    }
}
