package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinBalancerTest {
    private final List<UpstreamHost> hosts = TestHosts.weighted(5, 1, 1);
    private final UpstreamHost a = hosts.get(0);
    private final UpstreamHost b = hosts.get(1);
    private final UpstreamHost c = hosts.get(2);

    @Test
    void interleavesSmoothlyLikeNginx() {
        LoadBalancer lb = new WeightedRoundRobinBalancer(hosts);
        assertThat(picks(lb, 14)).containsExactly(a, a, b, a, c, a, a, a, a, b, a, c, a, a);
    }

    @Test
    void computesTheSameSequenceWhenNotPrecomputed() {
        // A plan whose sequence is too long to keep: each pick runs the credit loop.
        var plan = new WeightedRoundRobinBalancer.Plan(hosts, 3);
        assertThat(plan.sequence).isNull();
        LoadBalancer lb = new WeightedRoundRobinBalancer(plan, 0);
        assertThat(picks(lb, 14)).containsExactly(a, a, b, a, c, a, a, a, a, b, a, c, a, a);
    }

    @Test
    void commonDivisorOfWeightsDoesNotChangeTheSequence() {
        List<UpstreamHost> scaled = TestHosts.weighted(50, 10, 10);
        var plan = new WeightedRoundRobinBalancer.Plan(scaled, WeightedRoundRobinBalancer.MAX_SCHEDULE_LENGTH);
        assertThat(plan.period).isEqualTo(7);
        UpstreamHost x = scaled.get(0), y = scaled.get(1), z = scaled.get(2);
        assertThat(picks(new WeightedRoundRobinBalancer(scaled), 7)).containsExactly(x, x, y, x, z, x, x);
    }

    @Test
    void sharesFollowWeightsExactlyOverWholePeriods() {
        List<UpstreamHost> mixed = TestHosts.weighted(1, 2, 3, 4, 10);
        LoadBalancer lb = WeightedRoundRobinBalancer.factory().create(mixed);
        // 20 is the period: 100,000 picks are 5,000 whole periods, whatever the start.
        Map<UpstreamHost, Integer> counts = TestHosts.count(100_000, () -> lb.pick(PickContext.NONE));
        for (UpstreamHost h : mixed) {
            assertThat(counts.get(h)).as("picks of weight %d", h.weight()).isEqualTo(5_000 * h.weight());
        }
    }

    @Test
    void workersShareOnePlanAndStartAtDifferentPoints() {
        LoadBalancerFactory factory = WeightedRoundRobinBalancer.factory();
        List<UpstreamHost> many = TestHosts.weighted(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2);
        List<UpstreamHost> firstPicks = new ArrayList<>();
        for (int worker = 0; worker < 20; worker++) {
            firstPicks.add(factory.create(many).pick(PickContext.NONE));
        }
        // Starting at the same point, 20 workers would all pick the same first host.
        assertThat(firstPicks.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void avoidSkipsToTheNextOtherHost() {
        LoadBalancer lb = new WeightedRoundRobinBalancer(hosts);
        // Sequence a a b a c a a: avoiding a takes b, then (from "a c") c.
        assertThat(lb.pick(PickContext.NONE.avoiding(a))).isSameAs(b);
        assertThat(lb.pick(PickContext.NONE.avoiding(a))).isSameAs(c);
        assertThat(lb.pick(PickContext.NONE.avoiding(b))).isSameAs(a);
    }

    @Test
    void avoidWithoutPrecomputedSequenceNeverReturnsTheAvoidedHost() {
        LoadBalancer lb = new WeightedRoundRobinBalancer(new WeightedRoundRobinBalancer.Plan(hosts, 1), 0);
        Map<UpstreamHost, Integer> counts = TestHosts.count(10_000, () -> lb.pick(PickContext.NONE.avoiding(a)));
        assertThat(counts).containsOnlyKeys(b, c);
        assertThat(counts.get(b)).isEqualTo(5_000);
    }

    @Test
    void emptyPicksNull() {
        assertThat(new WeightedRoundRobinBalancer(List.of()).pick(PickContext.NONE)).isNull();
        assertThat(WeightedRoundRobinBalancer.factory().create(List.of()).pick(PickContext.NONE)).isNull();
    }

    private static List<UpstreamHost> picks(LoadBalancer lb, int n) {
        List<UpstreamHost> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(lb.pick(PickContext.NONE));
        }
        return out;
    }
}
