package dev.sluice.config;

import dev.sluice.config.model.Admin;
import dev.sluice.config.model.ClassifyRule;
import dev.sluice.config.model.HealthCheck;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.LbPolicy;
import dev.sluice.config.model.Limits;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRouting;
import dev.sluice.config.model.UpstreamProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The value of every optional config field that the YAML leaves out. docs/config.md lists them too. */
public final class Defaults {
    private Defaults() {}

    public static final HostPort ADMIN_ADDRESS = Admin.DEFAULT_ADDRESS;
    /** One worker event loop per available core. */
    public static final int WORKERS = 0;
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public static final Duration LISTENER_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Limits LIMITS = Limits.DEFAULT;

    public static final String TENANT_HEADER = TenantRouting.DEFAULT_HEADER;
    public static final TenantFallback MISSING_TENANT = TenantFallback.REJECT;
    public static final TenantFallback UNKNOWN_TENANT = TenantFallback.REJECT;
    public static final RequestKind DEFAULT_KIND = RequestKind.READ;

    public static final LbPolicy LB_POLICY = LbPolicy.ROUND_ROBIN;
    public static final UpstreamProtocol PROTOCOL = UpstreamProtocol.HTTP1;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration CLUSTER_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int MAX_CONNECTIONS_PER_WORKER = 1024;
    /** No limit on requests per upstream connection. */
    public static final int MAX_REQUESTS_PER_CONNECTION = 0;
    public static final Duration DNS_REFRESH = Duration.ofSeconds(30);

    public static final int PANIC_THRESHOLD_PERCENT = HealthPolicy.DEFAULT_PANIC_THRESHOLD_PERCENT;
    public static final double OVERPROVISIONING_FACTOR = HealthPolicy.DEFAULT_OVERPROVISIONING_FACTOR;

    public static final HealthCheck.Type HEALTH_CHECK_TYPE = HealthCheck.Type.HTTP;
    public static final String HEALTH_CHECK_PATH = "/";
    public static final String HEALTH_CHECK_METHOD = "GET";
    public static final List<HealthCheck.StatusRange> HEALTH_CHECK_STATUSES = List.of(new HealthCheck.StatusRange(200, 299));
    public static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** The jitter when none is given: a tenth of the interval. */
    public static Duration healthCheckJitter(Duration interval) {
        return interval == null ? Duration.ZERO : interval.dividedBy(10);
    }
    public static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(1);
    public static final int HEALTHY_THRESHOLD = 2;
    public static final int UNHEALTHY_THRESHOLD = 3;

    public static final int CONSECUTIVE_5XX = 5;
    public static final int CONSECUTIVE_GATEWAY_FAILURE = 5;
    public static final Duration OUTLIER_INTERVAL = Duration.ofSeconds(10);
    public static final Duration BASE_EJECTION_TIME = Duration.ofSeconds(30);
    public static final Duration MAX_EJECTION_TIME = Duration.ofMinutes(5);
    public static final int MAX_EJECTION_PERCENT = 10;
    public static final int SUCCESS_RATE_MINIMUM_HOSTS = 5;
    public static final int SUCCESS_RATE_REQUEST_VOLUME = 100;
    public static final double SUCCESS_RATE_STDEV_FACTOR = 1.9;

    public static final int ENDPOINT_WEIGHT = 1;
    public static final int ENDPOINT_PRIORITY = 0;

    /**
     * Path prefixes that ingest data, when POSTed. Every other request is a read.
     *
     * <p>Writes are the short, closed list because ingest APIs are few and stable while query
     * APIs are many and keep growing (new PromQL endpoints, label and series lookups, Loki tail,
     * Tempo search): a path nobody listed should land on the read side, where a mistake costs a
     * failed query, not on the write side, where it would hit the ingesters.
     *
     * <ul>
     *   <li>{@code /api/v1/push}: Prometheus remote write into Mimir and Cortex
     *   <li>{@code /api/v1/write}: Prometheus remote write receivers (Prometheus, VictoriaMetrics, Thanos)
     *   <li>{@code /api/prom/push}: the legacy Cortex remote write path
     *   <li>{@code /loki/api/v1/push}: Loki push
     *   <li>{@code /v1/metrics}, {@code /v1/logs}, {@code /v1/traces}: OTLP/HTTP at its standard paths
     *   <li>{@code /otlp/v1/}: OTLP/HTTP under the {@code /otlp} prefix that Mimir and Loki serve
     *   <li>{@code /api/v1/import}: VictoriaMetrics import (native, CSV, Prometheus text, JSON lines)
     * </ul>
     *
     * <p>Prometheus remote read ({@code /api/v1/read}) is a POST too, but it reads: it is left out
     * on purpose, as are POSTed PromQL queries ({@code /api/v1/query} accepts POST forms).
     * Only POST is a write; a GET to a push path is some probe or mistake, not ingest.
     */
    public static final List<String> WRITE_PATH_PREFIXES = List.of(
            "/api/v1/push",
            "/api/v1/write",
            "/api/prom/push",
            "/loki/api/v1/push",
            "/v1/metrics",
            "/v1/logs",
            "/v1/traces",
            "/otlp/v1/",
            "/api/v1/import");

    /** The rules used when tenant_routing gives no {@code classify}: POST to a write prefix is WRITE. */
    public static final List<ClassifyRule> CLASSIFY_RULES = WRITE_PATH_PREFIXES.stream()
            .map(prefix -> new ClassifyRule(Set.of("POST"), null, prefix, RequestKind.WRITE))
            .toList();

    /** The name of a route that has none: its position in the listener's route list. */
    public static String routeName(int index) {
        return "route-" + index;
    }
}
