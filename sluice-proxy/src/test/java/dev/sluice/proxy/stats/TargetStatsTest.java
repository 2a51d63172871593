package dev.sluice.proxy.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetStatsTest {
    private final ProxyStats stats = new ProxyStats();

    private String exposition() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stats.writePrometheus(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLabelSetIsOneObjectSoCountsGoOnAcrossSnapshots() {
        TargetStats first = stats.target("ingress", "blue", "team-a");
        first.record(200, 10, 20, 1_000_000);
        TargetStats afterReload = stats.target("ingress", "blue", "team-a");
        assertThat(afterReload).isSameAs(first);
        afterReload.record(204, 5, 0, 1_000_000);
        assertThat(afterReload.requests(2)).isEqualTo(2);
        assertThat(afterReload.bytesIn()).isEqualTo(15);
        assertThat(afterReload.bytesOut()).isEqualTo(20);
        assertThat(stats.target("ingress", "blue", "team-b")).isNotSameAs(first);
    }

    @Test
    void statusesCountUnderTheirClassAResetOrNonStatusUnderResetAndAnythingAbove599AsAServerError() {
        TargetStats t = stats.target("ingress", "blue", "team-a");
        for (int status : new int[] {0, 99, 101, 200, 299, 302, 404, 429, 500, 503, 600, 999}) {
            t.record(status, 0, 0, 0);
        }
        assertThat(new long[] {t.requests(0), t.requests(1), t.requests(2), t.requests(3), t.requests(4), t.requests(5)})
                .containsExactly(2, 1, 2, 1, 2, 4);
    }

    @Test
    void onlyCountersThatCountedAreExposedAndConfiguredIdleTenantsAreNot() throws IOException {
        stats.target("ingress", "blue", "idle-tenant");
        TargetStats busy = stats.target("ingress", "blue", "busy-tenant");
        busy.record(503, 0, 7, 2_000_000);
        String text = exposition();
        assertThat(text).contains(
                "sluice_requests_total{class=\"5xx\",cluster=\"blue\",listener=\"ingress\",tenant=\"busy-tenant\"} 1");
        assertThat(text).contains("sluice_response_bytes_total{cluster=\"blue\",listener=\"ingress\",tenant=\"busy-tenant\"} 7");
        assertThat(text).doesNotContain("idle-tenant");
        assertThat(text).doesNotContain("class=\"2xx\"");
        assertThat(text).doesNotContain("sluice_request_bytes_total{");
        assertThat(text).contains("sluice_request_duration_seconds_count{cluster=\"blue\",listener=\"ingress\"} 1");
    }
}
