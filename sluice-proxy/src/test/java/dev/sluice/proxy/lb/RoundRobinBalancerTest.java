package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest {
    private final List<UpstreamHost> hosts = TestHosts.hosts(3);

    @Test
    void cyclesInListOrderFromTheStart() {
        RoundRobinBalancer lb = new RoundRobinBalancer(hosts, 4);
        List<UpstreamHost> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(lb.pick(PickContext.NONE));
        }
        UpstreamHost a = hosts.get(0), b = hosts.get(1), c = hosts.get(2);
        assertThat(picks).containsExactly(b, c, a, b, c, a);
    }

    @Test
    void everyHostGetsAnEqualShare() {
        RoundRobinBalancer lb = new RoundRobinBalancer(hosts);
        Map<UpstreamHost, Integer> counts = TestHosts.count(30_000, () -> lb.pick(PickContext.NONE));
        assertThat(counts).containsOnlyKeys(hosts).allSatisfy((h, n) -> assertThat(n).isEqualTo(10_000));
    }

    @Test
    void skipsTheAvoidedHost() {
        RoundRobinBalancer lb = new RoundRobinBalancer(hosts);
        UpstreamHost a = hosts.get(0), b = hosts.get(1), c = hosts.get(2);
        assertThat(lb.pick(PickContext.NONE.avoiding(a))).isEqualTo(b);
        assertThat(lb.pick(PickContext.NONE.avoiding(a))).isEqualTo(c);
        assertThat(lb.pick(PickContext.NONE.avoiding(a))).isEqualTo(b);
    }

    @Test
    void aSingleHostIsPickedEvenWhenAvoided() {
        UpstreamHost only = hosts.get(0);
        RoundRobinBalancer lb = new RoundRobinBalancer(List.of(only));
        assertThat(lb.pick(PickContext.NONE.avoiding(only))).isSameAs(only);
    }

    @Test
    void emptyPicksNull() {
        assertThat(new RoundRobinBalancer(List.of()).pick(PickContext.NONE)).isNull();
        assertThat(RoundRobinBalancer.factory().create(List.of()).pick(PickContext.NONE)).isNull();
    }
}
