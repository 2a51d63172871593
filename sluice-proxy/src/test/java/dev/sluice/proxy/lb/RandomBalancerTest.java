package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomBalancerTest {
    private static final int PICKS = 100_000;

    @Test
    void equalWeightsAreUniform() {
        List<UpstreamHost> hosts = TestHosts.hosts(4);
        LoadBalancer lb = new RandomBalancer(hosts);
        // 25,000 expected each; one standard deviation is ~137 picks, the tolerance 750.
        TestHosts.assertWeightedShares(TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE)), hosts, PICKS, 0.03);
    }

    @Test
    void unequalWeightsGiveProportionalShares() {
        List<UpstreamHost> hosts = TestHosts.weighted(1, 2, 3, 4);
        LoadBalancer lb = new RandomBalancer(hosts);
        // The lightest host expects 10,000 (sd ~95); 3% is 300.
        TestHosts.assertWeightedShares(TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE)), hosts, PICKS, 0.03);
    }

    @Test
    void aVeryLightHostStillGetsItsShare() {
        List<UpstreamHost> hosts = TestHosts.weighted(1, 9, 90);
        LoadBalancer lb = new RandomBalancer(hosts);
        Map<UpstreamHost, Integer> counts = TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE));
        // 1,000 expected, sd ~31: five standard deviations (157) is the tolerance here.
        TestHosts.assertWeightedShares(counts, hosts, PICKS, 0.10);
    }

    @Test
    void avoidedHostIsNeverPickedAndOthersKeepTheirProportions() {
        List<UpstreamHost> hosts = TestHosts.weighted(1, 3, 96);
        UpstreamHost heavy = hosts.get(2);
        LoadBalancer lb = new RandomBalancer(hosts);
        Map<UpstreamHost, Integer> counts =
                TestHosts.count(PICKS, () -> lb.pick(PickContext.NONE.avoiding(heavy)));
        assertThat(counts).doesNotContainKey(heavy);
        TestHosts.assertWeightedShares(counts, hosts.subList(0, 2), PICKS, 0.03);
    }

    @Test
    void aSingleHostIsPickedEvenWhenAvoided() {
        List<UpstreamHost> one = TestHosts.hosts(1);
        assertThat(new RandomBalancer(one).pick(PickContext.NONE.avoiding(one.get(0)))).isSameAs(one.get(0));
    }

    @Test
    void factorySharesOneBalancerPerHostSet() {
        LoadBalancerFactory factory = RandomBalancer.factory();
        List<UpstreamHost> hosts = TestHosts.hosts(3);
        assertThat(factory.create(hosts)).isSameAs(factory.create(List.copyOf(hosts)));
        assertThat(factory.create(hosts.subList(0, 2))).isNotSameAs(factory.create(hosts));
    }

    @Test
    void emptyPicksNull() {
        assertThat(new RandomBalancer(List.of()).pick(PickContext.NONE)).isNull();
    }
}
