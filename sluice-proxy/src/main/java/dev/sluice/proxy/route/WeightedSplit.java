package dev.sluice.proxy.route;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A route to several clusters by weight: each request picks one of the precomputed targets at
 * random, with probability weight / total. The listener's cluster header, when a request carries
 * it and names one of the split's clusters, forces that cluster (to test a canary on purpose).
 * Immutable; picking allocates nothing.
 */
public final class WeightedSplit {
    private final RouteTarget[] targets;
    private final int[] cumulative;
    private final int total;
    private final Map<String, RouteTarget> byCluster;
    private final AsciiString clusterHeader;

    WeightedSplit(RouteTarget[] targets, int[] weights, AsciiString clusterHeader) {
        this.targets = targets.clone();
        this.cumulative = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 1) {
                throw new IllegalArgumentException("weight: " + weights[i] + " (expected: >= 1)");
            }
            sum = Math.addExact(sum, weights[i]);
            cumulative[i] = sum;
        }
        this.total = sum;
        Map<String, RouteTarget> m = new java.util.HashMap<>();
        for (RouteTarget t : targets) {
            if (t.clusterName() != null) {
                m.put(t.clusterName(), t);
            }
        }
        this.byCluster = Map.copyOf(m);
        this.clusterHeader = clusterHeader;
    }

    RouteTarget pick(HttpHeaders headers) {
        if (clusterHeader != null) {
            String forced = headers.get(clusterHeader);
            if (forced != null) {
                RouteTarget t = byCluster.get(forced);
                if (t != null) {
                    return t;
                }
            }
        }
        return pick(ThreadLocalRandom.current().nextInt(total));
    }

    /** The target whose share of [0, total) holds {@code r}. */
    RouteTarget pick(int r) {
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return targets[i];
            }
        }
        return targets[targets.length - 1];
    }
}
