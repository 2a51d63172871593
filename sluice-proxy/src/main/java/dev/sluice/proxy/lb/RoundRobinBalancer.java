package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;

/** Plain round robin. One instance per worker: the cursor is thread-confined. */
public final class RoundRobinBalancer implements LoadBalancer {
    private final UpstreamHost[] hosts;
    private int next;

    public RoundRobinBalancer(List<UpstreamHost> hosts) {
        this.hosts = hosts.toArray(new UpstreamHost[0]);
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
