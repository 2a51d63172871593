package dev.sluice.proxy.route;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A route to several clusters by weight: each request picks one of the precomputed targets at
 * random, with probability weight / total. The listener's cluster header, when a request carries
 * it and names one of the split's clusters, forces that cluster (to test a canary on purpose).
 * Each choice has its own stats (a tenant's split counts under that tenant for each cluster).
 * Immutable; picking allocates nothing.
 */
public final class WeightedSplit {
    private final RouteTarget[] targets;
    private final int[] statsIds;
    private final int[] cumulative;
    private final int total;
    private final Map<String, Integer> byCluster;
    private final AsciiString clusterHeader;

    WeightedSplit(RouteTarget[] targets, int[] statsIds, int[] weights, AsciiString clusterHeader) {
        if (targets.length != statsIds.length || targets.length != weights.length || targets.length == 0) {
            throw new IllegalArgumentException("a split needs one target, stats id and weight per cluster");
        }
        this.targets = targets.clone();
        this.statsIds = statsIds.clone();
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
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < targets.length; i++) {
            if (targets[i].clusterName() != null) {
                m.put(targets[i].clusterName(), i);
            }
        }
        this.byCluster = Map.copyOf(m);
        this.clusterHeader = clusterHeader;
    }

    /** Picks the choice for one request: an index for {@link #target} and {@link #statsId}. */
    int pick(HttpHeaders headers) {
        if (clusterHeader != null) {
            String forced = headers.get(clusterHeader);
            if (forced != null) {
                Integer i = byCluster.get(forced);
                if (i != null) {
                    return i;
                }
            }
        }
        return pick(ThreadLocalRandom.current().nextInt(total));
    }

    /** The choice whose share of [0, total) holds {@code r}. */
    int pick(int r) {
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return i;
            }
        }
        return targets.length - 1;
    }

    RouteTarget target(int choice) {
        return targets[choice];
    }

    int statsId(int choice) {
        return statsIds[choice];
    }
}
