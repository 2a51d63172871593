package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.HealthCheck;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.OutlierDetection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** health_check, outlier_detection, panic_threshold and overprovisioning_factor bind into one HealthPolicy. */
class HealthConfigTest {
    private static final String HEAD = """
            listeners:
              - name: in
                address: 127.0.0.1:0
                routes: [{cluster: c}]
            clusters:
              - name: c
                endpoints: [127.0.0.1:9001]
            """;

    private static HealthPolicy health(String clusterFields) throws ConfigException {
        return ConfigLoader.parse(HEAD + clusterFields.indent(4), "test").clusters().get(0).health();
    }

    @Test
    void absentMeansDefaults() throws ConfigException {
        assertThat(health("")).isEqualTo(HealthPolicy.DEFAULT);
    }

    @Test
    void bindsEveryField() throws ConfigException {
        HealthPolicy h = health("""
                health_check:
                  type: http
                  path: /ready
                  method: head
                  host: backend.local
                  expected_statuses: [200, "300-399"]
                  interval: 200ms
                  interval_jitter: 50ms
                  timeout: 100ms
                  healthy_threshold: 1
                  unhealthy_threshold: 2
                outlier_detection:
                  consecutive_5xx: 3
                  consecutive_gateway_failure: 2
                  interval: 1s
                  base_ejection_time: 10s
                  max_ejection_time: 1m
                  max_ejection_percent: 50%
                  success_rate_minimum_hosts: 3
                  success_rate_request_volume: 20
                  success_rate_stdev_factor: 1.5
                panic_threshold: 30%
                overprovisioning_factor: 2
                """);
        assertThat(h.activeCheck()).isEqualTo(new HealthCheck(HealthCheck.Type.HTTP, "/ready", "HEAD", "backend.local",
                List.of(new HealthCheck.StatusRange(200, 200), new HealthCheck.StatusRange(300, 399)),
                Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(100), 1, 2));
        assertThat(h.outlier()).isEqualTo(new OutlierDetection(3, 2, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(1), 50, 3, 20, 1.5));
        assertThat(h.panicThresholdPercent()).isEqualTo(30);
        assertThat(h.overprovisioningFactor()).isEqualTo(2.0);
    }

    @Test
    void emptyMappingsTakeDefaults() throws ConfigException {
        HealthPolicy h = health("health_check: {type: tcp}\noutlier_detection: {}\npanic_threshold: 0\n");
        assertThat(h.activeCheck().type()).isEqualTo(HealthCheck.Type.TCP);
        assertThat(h.activeCheck().interval()).isEqualTo(Defaults.HEALTH_CHECK_INTERVAL);
        assertThat(h.activeCheck().intervalJitter()).isEqualTo(Duration.ofMillis(500));
        assertThat(h.outlier().consecutive5xx()).isEqualTo(Defaults.CONSECUTIVE_5XX);
        assertThat(h.panicThresholdPercent()).isZero();
    }

    @Test
    void rejectsOutOfRangeValuesWithPaths() {
        assertThatThrownBy(() -> health("""
                health_check: {path: ready, expected_statuses: [700], healthy_threshold: 0, interval: 0s}
                outlier_detection: {max_ejection_percent: 150%, consecutive_5xx: -1}
                panic_threshold: lots
                overprovisioning_factor: 0.5
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clusters[0].health_check.path: must start with '/'")
                .hasMessageContaining("clusters[0].health_check.expected_statuses[0]: must be a status or range")
                .hasMessageContaining("clusters[0].health_check.healthy_threshold: must be at least 1")
                .hasMessageContaining("clusters[0].health_check.interval: must be greater than 0")
                .hasMessageContaining("clusters[0].outlier_detection.max_ejection_percent: must be between 0% and 100%")
                .hasMessageContaining("clusters[0].outlier_detection.consecutive_5xx: must not be negative")
                .hasMessageContaining("clusters[0].panic_threshold: expected a percentage")
                .hasMessageContaining("clusters[0].overprovisioning_factor: must be at least 1.0");
    }

    @Test
    void unknownFieldIsSuggested() {
        assertThatThrownBy(() -> health("health_check: {intervall: 1s}\n"))
                .hasMessageContaining("clusters[0].health_check.intervall: unknown field; did you mean 'interval'?");
    }
}
