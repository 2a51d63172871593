package dev.sluice.proxy.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetStatsTest {
    private final ProxyStats stats = new ProxyStats();
    private final TargetCounters worker = stats.newWorkerCounters();

    private String exposition() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stats.writePrometheus(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLabelSetIsOneObjectSoCountsGoOnAcrossSnapshots() {
        TargetStats first = stats.target("ingress", "blue", "team-a");
        worker.record(first.id(), 200, 10, 20);
        TargetStats afterReload = stats.target("ingress", "blue", "team-a");
        assertThat(afterReload).isSameAs(first);
        worker.record(afterReload.id(), 204, 5, 0);
        assertThat(afterReload.requests(2)).isEqualTo(2);
        assertThat(afterReload.bytesIn()).isEqualTo(15);
        assertThat(afterReload.bytesOut()).isEqualTo(20);
        TargetStats other = stats.target("ingress", "blue", "team-b");
        assertThat(other).isNotSameAs(first);
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(other.requests(2)).isZero();
        assertThat(other.latency()).as("one histogram per listener and cluster").isSameAs(first.latency());
        assertThat(stats.target("ingress", "green", "team-a").latency()).isNotSameAs(first.latency());
    }

    @Test
    void statusesCountUnderTheirClassAResetOrNonStatusUnderResetAndAnythingAbove599AsAServerError() {
        TargetStats t = stats.target("ingress", "blue", "team-a");
        for (int status : new int[] {0, 99, 101, 200, 299, 302, 404, 429, 500, 503, 600, 999}) {
            worker.record(t.id(), status, 0, 0);
        }
        assertThat(new long[] {t.requests(0), t.requests(1), t.requests(2), t.requests(3), t.requests(4), t.requests(5)})
                .containsExactly(2, 1, 2, 1, 2, 4);
        assertThat(t.bytesIn()).as("no body, nothing counted").isZero();
    }

    @Test
    void everyWorkersCountsAreSummedAndTargetsPastTheFirstPageCountToo() {
        TargetCounters other = stats.newWorkerCounters();
        TargetStats low = stats.target("ingress", "blue", "team-0");
        TargetStats high = low;
        for (int i = 1; i <= 2_500; i++) {
            high = stats.target("ingress", "blue", "team-" + i);
        }
        assertThat(high.id()).isGreaterThan(2 * 1024);
        worker.record(high.id(), 200, 100, 1);
        other.record(high.id(), 200, 50, 2);
        other.record(high.id(), 500, 0, 0);
        worker.record(low.id(), 404, 3, 4);
        assertThat(high.requests(2)).isEqualTo(2);
        assertThat(high.requests(5)).isEqualTo(1);
        assertThat(high.bytesIn()).isEqualTo(150);
        assertThat(high.bytesOut()).isEqualTo(3);
        assertThat(low.requests(4)).isEqualTo(1);
        assertThat(low.requests(2)).isZero();
        assertThat(low.bytesOut()).isEqualTo(4);
        assertThat(stats.target("ingress", "blue", "team-1000").requests(2)).as("a row nothing counted in").isZero();
    }

    @Test
    void onlyCountersThatCountedAreExposedAndConfiguredIdleTenantsAreNot() throws IOException {
        stats.target("ingress", "blue", "idle-tenant");
        TargetStats busy = stats.target("ingress", "blue", "busy-tenant");
        worker.record(busy.id(), 503, 0, 7);
        busy.latency().observe(2_000_000);
        String text = exposition();
        assertThat(text).contains(
                "sluice_requests_total{class=\"5xx\",cluster=\"blue\",listener=\"ingress\",tenant=\"busy-tenant\"} 1");
        assertThat(text).contains("sluice_response_bytes_total{cluster=\"blue\",listener=\"ingress\",tenant=\"busy-tenant\"} 7");
        assertThat(text).doesNotContain("idle-tenant");
        assertThat(text).doesNotContain("class=\"2xx\"");
        assertThat(text).doesNotContain("sluice_request_bytes_total{");
        assertThat(text).contains("sluice_request_duration_seconds_count{cluster=\"blue\",listener=\"ingress\"} 1");
        assertThat(text).as("no histogram before a request finished there")
                .doesNotContain("sluice_request_duration_seconds_count{cluster=\"green\"");
    }
}
