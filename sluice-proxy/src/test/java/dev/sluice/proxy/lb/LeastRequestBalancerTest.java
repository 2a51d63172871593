package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastRequestBalancerTest {
    private static final int PICKS = 100_000;

    @Test
    void idleEqualHostsShareEvenly() {
        List<UpstreamHost> hosts = TestHosts.hosts(4);
        LoadBalancer lb = new LeastRequestBalancer(hosts);
        TestHosts.assertWeightedShares(TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE)), hosts, PICKS, 0.03);
    }

    @Test
    void twoChoicesNeverPickTheMostLoadedAndFavourTheLeastLoaded() {
        List<UpstreamHost> hosts = TestHosts.hosts(4);
        for (int i = 0; i < hosts.size(); i++) {
            start(hosts.get(i), i); // loads 0, 1, 2, 3
        }
        LoadBalancer lb = new LeastRequestBalancer(hosts);
        Map<UpstreamHost, Integer> counts = TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE));
        // Two distinct hosts of four: 6 pairs, equally likely; the less loaded of the pair wins.
        // Host of rank r wins the pairs with the 3 - r hosts above it: 3/6, 2/6, 1/6, 0.
        assertThat(counts).doesNotContainKey(hosts.get(3));
        TestHosts.assertShare(counts.get(hosts.get(0)), PICKS, 3.0 / 6, 0.03, "least loaded");
        TestHosts.assertShare(counts.get(hosts.get(1)), PICKS, 2.0 / 6, 0.03, "second");
        TestHosts.assertShare(counts.get(hosts.get(2)), PICKS, 1.0 / 6, 0.03, "third");
    }

    @Test
    void withTwoHostsTheLessLoadedAlwaysWins() {
        List<UpstreamHost> hosts = TestHosts.hosts(2);
        start(hosts.get(0), 1);
        LoadBalancer lb = new LeastRequestBalancer(hosts);
        assertThat(TestHosts.count(1_000, () -> lb.pick(PickContext.NONE))).containsOnlyKeys(hosts.get(1));
    }

    @Test
    void followsLoadAsItChanges() {
        List<UpstreamHost> hosts = TestHosts.hosts(2);
        LoadBalancer lb = new LeastRequestBalancer(hosts);
        for (int i = 0; i < 100; i++) {
            lb.pick(PickContext.NONE).requestStarted();
        }
        // Each pick went to the less loaded host, so neither got ahead by more than one.
        assertThat(Math.abs(hosts.get(0).activeRequests() - hosts.get(1).activeRequests())).isLessThanOrEqualTo(1);
    }

    @Test
    void idleWeightedHostsGetSharesByWeight() {
        List<UpstreamHost> hosts = TestHosts.weighted(1, 3, 6);
        LoadBalancer lb = new LeastRequestBalancer(hosts);
        TestHosts.assertWeightedShares(TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE)), hosts, PICKS, 0.03);
    }

    @Test
    void weightedHostsLoseShareWithActiveRequests() {
        List<UpstreamHost> hosts = TestHosts.weighted(3, 1);
        UpstreamHost heavy = hosts.get(0);
        UpstreamHost light = hosts.get(1);
        start(heavy, 5);
        LoadBalancer lb = new LeastRequestBalancer(hosts);
        Map<UpstreamHost, Integer> counts = TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE));
        // Effective weights: heavy 3 / (5 + 1) = 0.5, light 1 / (0 + 1) = 1: light gets 2/3.
        TestHosts.assertShare(counts.get(light), PICKS, 2.0 / 3, 0.03, "light");
        TestHosts.assertShare(counts.get(heavy), PICKS, 1.0 / 3, 0.03, "heavy");
    }

    @Test
    void biasZeroIgnoresLoad() {
        List<UpstreamHost> hosts = TestHosts.weighted(3, 1);
        start(hosts.get(0), 5);
        LoadBalancer lb = new LeastRequestBalancer(hosts, 2, 0.0);
        TestHosts.assertWeightedShares(TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE)), hosts, PICKS, 0.03);
    }

    @Test
    void avoidedHostIsNeverPicked() {
        List<UpstreamHost> equal = TestHosts.hosts(3);
        UpstreamHost idle = equal.get(0);
        start(equal.get(1), 2);
        start(equal.get(2), 2);
        LoadBalancer p2c = new LeastRequestBalancer(equal);
        assertThat(TestHosts.count(10_000, () -> p2c.pick(PickContext.NONE.avoiding(idle))))
                .doesNotContainKey(idle).hasSize(2);

        List<UpstreamHost> weighted = TestHosts.weighted(1, 3, 6);
        UpstreamHost heaviest = weighted.get(2);
        LoadBalancer edf = new LeastRequestBalancer(weighted);
        Map<UpstreamHost, Integer> counts = TestHosts.count(PICKS, () -> edf.pick(PickContext.NONE.avoiding(heaviest)));
        assertThat(counts).doesNotContainKey(heaviest);
        TestHosts.assertWeightedShares(counts, weighted.subList(0, 2), PICKS, 0.03);
    }

    @Test
    void moreChoicesThanHostsLooksAtEveryHost() {
        List<UpstreamHost> hosts = TestHosts.hosts(3);
        start(hosts.get(0), 2);
        start(hosts.get(2), 1);
        LoadBalancer lb = new LeastRequestBalancer(hosts, 5, 1.0);
        assertThat(TestHosts.count(1_000, () -> lb.pick(PickContext.NONE))).containsOnlyKeys(hosts.get(1));
    }

    @Test
    void threeChoicesOfFiveNeverPickTheTwoMostLoaded() {
        List<UpstreamHost> hosts = TestHosts.hosts(5);
        for (int i = 0; i < hosts.size(); i++) {
            start(hosts.get(i), i);
        }
        LoadBalancer lb = new LeastRequestBalancer(hosts, 3, 1.0);
        // Any three distinct hosts of five include one of the three least loaded.
        assertThat(TestHosts.count(10_000, () -> lb.pick(PickContext.NONE)))
                .containsOnlyKeys(hosts.get(0), hosts.get(1), hosts.get(2));
    }

    @Test
    void rejectsFewerThanTwoChoices() {
        assertThatThrownBy(() -> new LeastRequestBalancer(TestHosts.hosts(2), 1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("choices: 1 (expected: >= 2)");
    }

    @Test
    void emptyPicksNull() {
        assertThat(new LeastRequestBalancer(List.of()).pick(PickContext.NONE)).isNull();
    }

    private static void start(UpstreamHost host, int requests) {
        for (int i = 0; i < requests; i++) {
            host.requestStarted();
        }
    }
}
