package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.LbPolicy;
import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadBalancersTest {

    @Test
    void eachPolicyBuildsItsBalancer() {
        List<UpstreamHost> hosts = TestHosts.hosts(3);
        assertThat(create(LbPolicy.ROUND_ROBIN, hosts)).isInstanceOf(RoundRobinBalancer.class);
        assertThat(create(LbPolicy.WEIGHTED_ROUND_ROBIN, hosts)).isInstanceOf(WeightedRoundRobinBalancer.class);
        assertThat(create(LbPolicy.RANDOM, hosts)).isInstanceOf(RandomBalancer.class);
        assertThat(create(LbPolicy.LEAST_REQUEST, hosts)).isInstanceOf(LeastRequestBalancer.class);
        assertThat(create(LbPolicy.RING_HASH, hosts)).isInstanceOf(RingHashBalancer.class);
        assertThat(create(LbPolicy.MAGLEV, hosts)).isInstanceOf(MaglevBalancer.class);
    }

    @ParameterizedTest
    @EnumSource(LbPolicy.class)
    void everyPolicyPicksNullFromNoHostsAndHonoursAvoid(LbPolicy policy) {
        LoadBalancerFactory factory = LoadBalancers.factory(policy, LbOptions.DEFAULTS);
        assertThat(factory.create(List.of()).pick(PickContext.NONE)).isNull();
        assertThat(factory.create(List.of()).pick(PickContext.withHash(42))).isNull();

        List<UpstreamHost> hosts = TestHosts.weighted(1, 2, 3);
        LoadBalancer lb = factory.create(hosts);
        for (int i = 0; i < 3_000; i++) {
            UpstreamHost avoid = hosts.get(i % 3);
            PickContext context = (i % 2 == 0 ? PickContext.withHash(TestHosts.key(i)) : PickContext.NONE).avoiding(avoid);
            assertThat(lb.pick(context)).isNotNull().isNotSameAs(avoid);
        }
    }

    @Test
    void optionsAreApplied() {
        List<UpstreamHost> hosts = TestHosts.hosts(2);
        LbOptions options = LbOptions.DEFAULTS.withRing(10, 100, 1000).withMaglevTableSize(251);
        RingHashBalancer ring = (RingHashBalancer) LoadBalancers.factory(LbPolicy.RING_HASH, options).create(hosts);
        assertThat(ring.ringSize()).isEqualTo(100);
        MaglevBalancer maglev = (MaglevBalancer) LoadBalancers.factory(LbPolicy.MAGLEV, options).create(hosts);
        assertThat(maglev.slotsOf(hosts.get(0)) + maglev.slotsOf(hosts.get(1))).isEqualTo(251);
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> LbOptions.DEFAULTS.withMaglevTableSize(65535))
                .hasMessage("maglevTableSize: 65535 (expected: a prime)");
        assertThatThrownBy(() -> LbOptions.DEFAULTS.withRing(160, 2048, 1024))
                .hasMessage("maxRingSize: 1024 (expected: >= minRingSize 2048)");
        assertThatThrownBy(() -> LbOptions.DEFAULTS.withLeastRequest(2, -1))
                .hasMessage("activeRequestBias: -1.0 (expected: finite and >= 0)");
        assertThat(LbOptions.isPrime(65537)).isTrue();
        assertThat(LbOptions.isPrime(2)).isTrue();
        assertThat(LbOptions.isPrime(65539 * 3)).isFalse();
    }

    private static LoadBalancer create(LbPolicy policy, List<UpstreamHost> hosts) {
        return LoadBalancers.factory(policy).create(hosts);
    }
}
