package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.config.model.HostPort;
import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Hosts and pick counting for balancer tests. */
final class TestHosts {
    private TestHosts() {}

    static UpstreamHost host(int index, int weight) {
        return new UpstreamHost(new HostPort("10.0." + (index / 250) + "." + (index % 250 + 1), 8080), weight, 0);
    }

    /** Hosts 0..n-1, all of weight 1. */
    static List<UpstreamHost> hosts(int n) {
        List<UpstreamHost> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(host(i, 1));
        }
        return list;
    }

    /** One host per weight, in order. */
    static List<UpstreamHost> weighted(int... weights) {
        List<UpstreamHost> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(host(i, weights[i]));
        }
        return list;
    }

    static Map<UpstreamHost, Integer> count(int picks, Supplier<UpstreamHost> pick) {
        Map<UpstreamHost, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(pick.get(), 1, Integer::sum);
        }
        return counts;
    }

    /** The share of picks each host should get by weight. */
    static double expectedShare(List<UpstreamHost> hosts, UpstreamHost host) {
        long total = hosts.stream().mapToLong(UpstreamHost::weight).sum();
        return (double) host.weight() / total;
    }

    /**
     * Asserts that every host got its weight's share of {@code picks}, to within
     * {@code relativeTolerance} of that share (0.03: a host expecting 25% gets 24.25–25.75%),
     * or within five binomial standard deviations when that is wider: balancers that draw at
     * random must not fail a build once in a few thousand runs by sampling noise alone.
     */
    static void assertWeightedShares(Map<UpstreamHost, Integer> counts, List<UpstreamHost> hosts, int picks,
            double relativeTolerance) {
        assertThat(counts.keySet()).isSubsetOf(hosts);
        for (UpstreamHost h : hosts) {
            assertShare(counts.getOrDefault(h, 0), picks, expectedShare(hosts, h), relativeTolerance,
                    "picks of " + h + " (weight " + h.weight() + ")");
        }
    }

    /** One host's count against its expected share, with the tolerance rule above. */
    static void assertShare(int count, int picks, double share, double relativeTolerance, String what) {
        double expected = share * picks;
        double fiveSigma = 5 * Math.sqrt(picks * share * (1 - share));
        assertThat((double) count).as(what).isCloseTo(expected, within(Math.max(expected * relativeTolerance, fiveSigma)));
    }

    /** The hash of the i-th test key, the way a router hashes a tenant header. */
    static long key(int i) {
        return Hashing.hash64("tenant-" + i);
    }
}
