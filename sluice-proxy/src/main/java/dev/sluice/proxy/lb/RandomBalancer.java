package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random choice, weighted by {@link UpstreamHost#weight()}: a host with weight 3 gets three
 * times the picks of a host with weight 1. Equal weights give a uniform choice with one random
 * draw; unequal ones use Vose's alias table (two draws, O(1) whatever the number of hosts),
 * built in integers so the shares are exact.
 *
 * <p>The balancer has no mutable state (randomness comes from {@link ThreadLocalRandom}), so
 * one instance serves every worker.
 */
public final class RandomBalancer implements LoadBalancer {
    private final UpstreamHost[] hosts;
    /** Alias table, or null when the weights are equal: column i keeps i with probability
     *  threshold[i] / totalWeight, else it yields alias[i]. */
    private final long[] threshold;
    private final int[] alias;
    private final long totalWeight;

    public RandomBalancer(List<UpstreamHost> hostList) {
        hosts = hostList.toArray(new UpstreamHost[0]);
        int n = hosts.length;
        long total = 0;
        boolean equal = true;
        for (UpstreamHost h : hosts) {
            total += h.weight();
            equal &= h.weight() == hosts[0].weight();
        }
        totalWeight = total;
        if (equal) {
            threshold = null;
            alias = null;
            return;
        }
        // Scale so that the average column holds exactly totalWeight: host i brings
        // weight * n, and each column is split between at most two hosts.
        long[] scaled = new long[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = (long) hosts[i].weight() * n;
            if (scaled[i] < total) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        threshold = new long[n];
        alias = new int[n];
        while (smallCount > 0 && largeCount > 0) {
            int s = small[--smallCount];
            int l = large[--largeCount];
            threshold[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= total - scaled[s];
            if (scaled[l] < total) {
                small[smallCount++] = l;
            } else {
                large[largeCount++] = l;
            }
        }
        // Integer arithmetic leaves nothing over: what remains fills its whole column.
        while (largeCount > 0) {
            int l = large[--largeCount];
            threshold[l] = total;
            alias[l] = l;
        }
        while (smallCount > 0) {
            int s = small[--smallCount];
            threshold[s] = total;
            alias[s] = s;
        }
    }

    /** One balancer per host set, shared by all workers. */
    public static LoadBalancerFactory factory() {
        SharedPerHostSet<RandomBalancer> shared = new SharedPerHostSet<>(RandomBalancer::new);
        return shared::get;
    }

    @Override
    public UpstreamHost pick(PickContext context) {
        UpstreamHost[] h = hosts;
        if (h.length == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        UpstreamHost chosen = h[draw(random)];
        UpstreamHost avoid = context.avoid();
        if (chosen != avoid || h.length == 1) {
            return chosen;
        }
        // Redraw: conditioned on "not the avoided host", the others keep their proportions.
        // Two tries cover the usual case; if the avoided host holds most of the weight, an
        // exact draw over the others (O(hosts), on retries only) ends it.
        for (int tries = 0; tries < 2; tries++) {
            chosen = h[draw(random)];
            if (chosen != avoid) {
                return chosen;
            }
        }
        return drawExcluding(avoid, random);
    }

    private UpstreamHost drawExcluding(UpstreamHost avoid, ThreadLocalRandom random) {
        long others = 0;
        for (UpstreamHost host : hosts) {
            others += host == avoid ? 0 : host.weight();
        }
        if (others == 0) {
            return avoid; // the same host listed more than once, and nothing else
        }
        long r = random.nextLong(others);
        for (UpstreamHost host : hosts) {
            if (host != avoid) {
                r -= host.weight();
                if (r < 0) {
                    return host;
                }
            }
        }
        throw new AssertionError("weights changed during a draw");
    }

    private int draw(ThreadLocalRandom random) {
        int column = random.nextInt(hosts.length);
        if (threshold == null || random.nextLong(totalWeight) < threshold[column]) {
            return column;
        }
        return alias[column];
    }
}
