package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaglevBalancerTest {
    private static final int KEYS = 100_000;

    @Test
    void sameKeySameHostAcrossRebuildsAndHostOrder() {
        List<UpstreamHost> hosts = TestHosts.hosts(10);
        List<UpstreamHost> shuffled = new ArrayList<>(hosts);
        Collections.shuffle(shuffled, new Random(7));
        LoadBalancer one = new MaglevBalancer(hosts);
        LoadBalancer other = new MaglevBalancer(shuffled);
        for (int i = 0; i < 10_000; i++) {
            PickContext key = PickContext.withHash(TestHosts.key(i));
            UpstreamHost first = one.pick(key);
            assertThat(one.pick(key)).isSameAs(first);
            assertThat(other.pick(key)).isSameAs(first);
        }
    }

    @Test
    void equalHostsHoldEqualSlotsToWithinOne() {
        List<UpstreamHost> hosts = TestHosts.hosts(7);
        MaglevBalancer lb = new MaglevBalancer(hosts);
        for (UpstreamHost h : hosts) {
            assertThat(lb.slotsOf(h)).isBetween(65537 / 7, 65537 / 7 + 1);
        }
    }

    @Test
    void weightedHostsHoldSlotsInProportion() {
        List<UpstreamHost> hosts = TestHosts.weighted(1, 2, 3, 4);
        MaglevBalancer lb = new MaglevBalancer(hosts);
        for (UpstreamHost h : hosts) {
            assertThat((double) lb.slotsOf(h)).isCloseTo(65537.0 * h.weight() / 10, org.assertj.core.data.Offset.offset(4.0));
        }
    }

    @Test
    void keysSpreadByWeight() {
        List<UpstreamHost> equal = TestHosts.hosts(5);
        TestHosts.assertWeightedShares(RingHashBalancerTest.countKeys(new MaglevBalancer(equal)), equal, KEYS, 0.03);
        List<UpstreamHost> weighted = TestHosts.weighted(1, 2, 3, 4);
        TestHosts.assertWeightedShares(
                RingHashBalancerTest.countKeys(new MaglevBalancer(weighted)), weighted, KEYS, 0.03);
    }

    @Test
    void removingOneHostMovesAboutItsShare() {
        // Measured: 10.1% of keys move for 1 of 10, 5.4% for 1 of 20 (the paper: a little over 1/N).
        for (int n : new int[] {10, 20}) {
            List<UpstreamHost> hosts = TestHosts.hosts(n);
            List<UpstreamHost> after = new ArrayList<>(hosts);
            UpstreamHost gone = after.remove(n / 2);
            LoadBalancer before = new MaglevBalancer(hosts);
            LoadBalancer without = new MaglevBalancer(after);
            int moved = 0;
            int ofGone = 0;
            for (int i = 0; i < KEYS; i++) {
                PickContext key = PickContext.withHash(TestHosts.key(i));
                UpstreamHost was = before.pick(key);
                moved += was != without.pick(key) ? 1 : 0;
                ofGone += was == gone ? 1 : 0;
            }
            assertThat(moved).as("every key of the removed host moves").isGreaterThanOrEqualTo(ofGone);
            assertThat((double) moved / KEYS).as("moved of %d", n).isLessThanOrEqualTo(1.25 / n);
        }
    }

    @Test
    void addingOneHostMovesAboutItsShare() {
        // Measured: 9.4% for an 11th host (1/11 = 9.1%), 5.1% for a 21st (4.8%).
        for (int n : new int[] {10, 20}) {
            List<UpstreamHost> hosts = TestHosts.hosts(n);
            List<UpstreamHost> after = new ArrayList<>(hosts);
            after.add(TestHosts.host(n, 1));
            double moved = RingHashBalancerTest.movedFraction(new MaglevBalancer(hosts), new MaglevBalancer(after));
            assertThat(moved).as("moved of %d + 1", n).isBetween(0.8 / (n + 1), 1.25 / (n + 1));
        }
    }

    @Test
    void tableSizeIsConfigurable() {
        List<UpstreamHost> hosts = TestHosts.hosts(3);
        MaglevBalancer small = new MaglevBalancer(hosts, 251);
        assertThat(hosts.stream().mapToInt(small::slotsOf).sum()).isEqualTo(251);
        assertThatThrownBy(() -> new MaglevBalancer(hosts, 65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tableSize: 65536 (expected: a prime)");
    }

    @Test
    void withoutHashPicksRandomlyByShare() {
        List<UpstreamHost> hosts = TestHosts.weighted(1, 3);
        LoadBalancer lb = new MaglevBalancer(hosts);
        TestHosts.assertWeightedShares(TestHosts.count(KEYS, () -> lb.pick(PickContext.NONE)), hosts, KEYS, 0.03);
    }

    @Test
    void avoidPicksAnotherHostStablyPerKey() {
        List<UpstreamHost> hosts = TestHosts.hosts(5);
        LoadBalancer lb = new MaglevBalancer(hosts);
        for (int i = 0; i < 1_000; i++) {
            long hash = TestHosts.key(i);
            UpstreamHost first = lb.pick(PickContext.withHash(hash));
            UpstreamHost retry = lb.pick(PickContext.withHash(hash).avoiding(first));
            assertThat(retry).isNotSameAs(first);
            assertThat(lb.pick(PickContext.withHash(hash).avoiding(first))).isSameAs(retry);
        }
        UpstreamHost only = hosts.get(0);
        assertThat(new MaglevBalancer(List.of(only)).pick(PickContext.withHash(1).avoiding(only))).isSameAs(only);
    }

    @Test
    void factorySharesOneTablePerHostSet() {
        LoadBalancerFactory factory = MaglevBalancer.factory(65537);
        List<UpstreamHost> hosts = TestHosts.hosts(3);
        assertThat(factory.create(hosts)).isSameAs(factory.create(new ArrayList<>(hosts)));
    }

    @Test
    void emptyPicksNull() {
        assertThat(new MaglevBalancer(List.of()).pick(PickContext.withHash(1))).isNull();
        assertThat(new MaglevBalancer(List.of()).pick(PickContext.NONE)).isNull();
    }
}
