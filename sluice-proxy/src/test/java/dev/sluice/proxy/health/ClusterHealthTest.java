package dev.sluice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.OutlierDetection;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.UpstreamHost;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host-set computation and ejection bounds, driven directly on the calling thread. */
class ClusterHealthTest {
    private final ProxyStats stats = new ProxyStats();

    private static UpstreamHost host(int port, int priority) {
        return new UpstreamHost(new HostPort("127.0.0.1", port), 1, priority);
    }

    private static OutlierDetection outlier(int maxEjectionPercent) {
        return new OutlierDetection(3, 3, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5),
                maxEjectionPercent, 5, 100, 1.9);
    }

    @Test
    void allHostsAvailableMeansOneLevelWithEverything() {
        List<UpstreamHost> hosts = List.of(host(1, 0), host(2, 0));
        HostSet set = new ClusterHealth(hosts, HealthPolicy.DEFAULT, stats.health("c")).current();
        assertThat(set.levelCount()).isEqualTo(1);
        assertThat(set.level(0)).containsExactlyElementsOf(hosts);
        assertThat(set.load(0)).isEqualTo(100);
        assertThat(set.panic()).isFalse();
    }

    @Test
    void unavailableHostsLeaveTheSetAndTrafficSpillsToTheNextPriority() {
        UpstreamHost a = host(1, 0);
        UpstreamHost b = host(2, 0);
        UpstreamHost standby = host(3, 5);
        ClusterHealth health = new ClusterHealth(List.of(a, b, standby), HealthPolicy.DEFAULT, stats.health("c"));
        a.health().activeHealthy(false);
        health.republish();
        HostSet set = health.current();
        assertThat(set.level(0)).containsExactly(b);
        assertThat(set.load(0)).isEqualTo(70);
        assertThat(set.load(1)).isEqualTo(30);
        b.health().activeHealthy(false);
        health.republish();
        assertThat(health.current().load(1)).isEqualTo(100);
        assertThat(health.current().panic()).isFalse();
    }

    @Test
    void belowThePanicThresholdEveryHostIsOffered() {
        List<UpstreamHost> hosts = List.of(host(1, 0), host(2, 0), host(3, 0));
        ClusterHealth health = new ClusterHealth(hosts, HealthPolicy.DEFAULT, stats.health("c"));
        hosts.get(0).health().eject(Long.MAX_VALUE);
        health.republish();
        assertThat(health.current().panic()).isFalse();
        assertThat(health.current().level(0)).hasSize(2);
        hosts.get(1).health().eject(Long.MAX_VALUE);
        health.republish();
        assertThat(health.current().panic()).isTrue(); // 1 of 3 * 1.4 = 46% < 50%
        assertThat(health.current().level(0)).containsExactlyElementsOf(hosts);
        assertThat(scrape()).contains("sluice_cluster_panic{cluster=\"c\"} 1.0");
    }

    @Test
    void panicThresholdZeroOffersNothingWhenAllAreDown() {
        List<UpstreamHost> hosts = List.of(host(1, 0));
        ClusterHealth health = new ClusterHealth(hosts, HealthPolicy.DEFAULT.withPanicThreshold(0), stats.health("c"));
        hosts.get(0).health().activeHealthy(false);
        health.republish();
        assertThat(health.current().panic()).isFalse();
        assertThat(health.current().level(0)).isEmpty();
    }

    @Test
    void maxEjectionPercentBoundsEjectionsButOneIsAlwaysAllowed() {
        List<UpstreamHost> hosts = List.of(host(1, 0), host(2, 0), host(3, 0), host(4, 0));
        ClusterHealth health = new ClusterHealth(hosts, HealthPolicy.DEFAULT.withOutlier(outlier(10)), stats.health("c"));
        OutlierDetector d = new OutlierDetector(health, outlier(10));
        assertThat(d.eject(hosts.get(0).health(), EjectionReason.CONSECUTIVE_5XX, 0)).isTrue();
        assertThat(d.eject(hosts.get(1).health(), EjectionReason.CONSECUTIVE_5XX, 0)).isFalse();

        OutlierDetector half = new OutlierDetector(health, outlier(50));
        assertThat(half.eject(hosts.get(1).health(), EjectionReason.CONSECUTIVE_5XX, 0)).isTrue();
        assertThat(half.eject(hosts.get(2).health(), EjectionReason.CONSECUTIVE_5XX, 0)).isFalse();
        assertThat(scrape()).contains(
                "sluice_outlier_ejections_total{cluster=\"c\",endpoint=\"127.0.0.1:1\",reason=\"consecutive_5xx\"} 1");
    }

    @Test
    void repeatedEjectionsLastLongerAndDecayWhenQuiet() {
        UpstreamHost a = host(1, 0);
        List<UpstreamHost> hosts = List.of(a, host(2, 0));
        OutlierDetection cfg = outlier(100);
        ClusterHealth health = new ClusterHealth(hosts, HealthPolicy.DEFAULT.withOutlier(cfg), stats.health("c"));
        OutlierDetector d = new OutlierDetector(health, cfg);
        long now = 1_000;
        d.eject(a.health(), EjectionReason.CONSECUTIVE_5XX, now);
        assertThat(a.health().ejectedUntilNanos() - now).isEqualTo(Duration.ofSeconds(30).toNanos());
        a.health().uneject();
        d.eject(a.health(), EjectionReason.CONSECUTIVE_5XX, now);
        assertThat(a.health().ejectedUntilNanos() - now).isEqualTo(Duration.ofSeconds(60).toNanos());
        a.health().uneject();
        d.evaluate(); // a quiet interval takes one off the count
        d.eject(a.health(), EjectionReason.CONSECUTIVE_5XX, now);
        assertThat(a.health().ejectedUntilNanos() - now).isEqualTo(Duration.ofSeconds(60).toNanos());
    }

    @Test
    void successRateEjectsTheHostFarBelowTheMeanOnceEnoughHostsHaveVolume() {
        List<UpstreamHost> hosts = List.of(host(1, 0), host(2, 0), host(3, 0), host(4, 0), host(5, 0), host(6, 0));
        OutlierDetection cfg = new OutlierDetection(0, 0, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(5), 100, 5, 100, 1.9);
        ClusterHealth health = new ClusterHealth(hosts, HealthPolicy.DEFAULT.withOutlier(cfg), stats.health("sr"));
        OutlierDetector d = new OutlierDetector(health, cfg);
        // Four hosts at 100%, one at 50%, one with too little volume to be judged (and 0%).
        for (int i = 0; i < 5; i++) {
            for (int r = 0; r < 100; r++) {
                hosts.get(i).health().recordStatus(i == 4 && r % 2 == 0 ? 500 : 200);
            }
        }
        for (int r = 0; r < 99; r++) {
            hosts.get(5).health().recordStatus(500);
        }
        d.evaluate();
        assertThat(hosts.stream().map(h -> h.health().ejected()).toList())
                .containsExactly(false, false, false, false, true, false);
        assertThat(scrape()).contains("reason=\"success_rate\"");

        // The next interval has too few hosts with volume: nobody else is judged.
        for (int r = 0; r < 100; r++) {
            hosts.get(0).health().recordStatus(500);
        }
        d.evaluate();
        assertThat(hosts.get(0).health().ejected()).isFalse();
    }

    @Test
    void consecutiveFailuresReachTheSinkOnceAtTheThreshold() {
        HostHealth h = new HostHealth("x");
        java.util.List<EjectionReason> seen = new java.util.ArrayList<>();
        h.sink(new HostHealth.OutlierSink() {
            public int consecutive5xx() {
                return 3;
            }

            public int consecutiveGatewayFailure() {
                return 2;
            }

            public void streak(HostHealth host, EjectionReason reason) {
                seen.add(reason);
            }
        });
        h.recordStatus(500);
        h.recordStatus(200); // resets
        h.recordStatus(502);
        h.recordGatewayFailure();
        h.recordStatus(500);
        h.recordStatus(500);
        assertThat(seen).containsExactly(EjectionReason.CONSECUTIVE_GATEWAY_FAILURE, EjectionReason.CONSECUTIVE_5XX);
    }

    private String scrape() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stats.writePrometheus(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
