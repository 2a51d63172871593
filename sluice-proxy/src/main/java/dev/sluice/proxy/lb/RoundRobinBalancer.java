package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Plain round robin. One instance per worker: the cursor is thread-confined. */
public final class RoundRobinBalancer implements LoadBalancer {
    private final UpstreamHost[] hosts;
    private int next;

    /** Starts at the first host; the order of picks is the order of {@code hosts}. */
    public RoundRobinBalancer(List<UpstreamHost> hosts) {
        this(hosts, 0);
    }

    /** Starts at {@code hosts[start % size]}. */
    public RoundRobinBalancer(List<UpstreamHost> hosts, int start) {
        if (start < 0) {
            throw new IllegalArgumentException("start: " + start + " (expected: >= 0)");
        }
        this.hosts = hosts.toArray(new UpstreamHost[0]);
        this.next = this.hosts.length == 0 ? 0 : start % this.hosts.length;
    }

    /**
     * Each worker starts at a random host: after a reload, N workers starting at host 0 would
     * send their first requests all to the same host.
     */
    public static LoadBalancerFactory factory() {
        return hosts -> new RoundRobinBalancer(hosts, ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
    }

    @Override
    public UpstreamHost pick(PickContext context) {
        UpstreamHost[] h = hosts;
        if (h.length == 0) {
            return null;
        }
        int i = next;
        next = i + 1 == h.length ? 0 : i + 1;
        UpstreamHost chosen = h[i];
        if (chosen == context.avoid() && h.length > 1) {
            chosen = h[next];
            next = next + 1 == h.length ? 0 : next + 1;
        }
        return chosen;
    }
}
