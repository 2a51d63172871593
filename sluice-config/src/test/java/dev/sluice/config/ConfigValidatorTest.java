package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.AccessLog;
import dev.sluice.config.model.Admin;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.Endpoint;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.Listener;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.TenantRouting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator on configs built in code (as the xDS translation will), where there are no lines. */
class ConfigValidatorTest {

    private static Cluster cluster(String name, Endpoint... endpoints) {
        return new Cluster(name, List.of(endpoints), Defaults.LB_POLICY, Defaults.PROTOCOL, Defaults.CONNECT_TIMEOUT,
                Defaults.RESPONSE_TIMEOUT, Defaults.STREAM_IDLE_TIMEOUT, Defaults.CLUSTER_IDLE_TIMEOUT,
                Defaults.MAX_CONNECTIONS_PER_WORKER, Defaults.MAX_REQUESTS_PER_CONNECTION, Defaults.DNS_REFRESH,
                HealthPolicy.DEFAULT,
                dev.sluice.config.model.ResiliencePolicy.DEFAULT);
    }

    private static Listener listener(TenantRouting routing) {
        return new Listener("ingress", new HostPort("127.0.0.1", 19080), Defaults.LIMITS,
                Defaults.LISTENER_IDLE_TIMEOUT, List.of(), routing);
    }

    private static TenantRouting routing(Map<String, TenantRoute> tenants, TenantFallback missing) {
        return new TenantRouting("X-Scope-OrgID", tenants, missing, TenantFallback.REJECT,
                Defaults.CLASSIFY_RULES, RequestKind.READ);
    }

    @Test
    void validConfigHasNoErrors() throws Exception {
        Bootstrap b = new Bootstrap(new Admin(Defaults.ADMIN_ADDRESS), 0, Duration.ZERO, AccessLog.DISABLED,
                List.of(listener(routing(Map.of("team-a", new TenantRoute("team-a", "blue", "blue")), TenantFallback.REJECT))),
                List.of(cluster("blue", new Endpoint(new HostPort("10.0.0.1", 80), 1, 0))));

        assertThat(ConfigValidator.validate(b)).isEmpty();
        ConfigValidator.requireValid(b, "code");
    }

    @Test
    void errorsFromCodeHaveNoLine() {
        Bootstrap b = new Bootstrap(new Admin(Defaults.ADMIN_ADDRESS), 0, Defaults.DRAIN_TIMEOUT, AccessLog.DISABLED,
                List.of(listener(routing(
                        Map.of("team-a", new TenantRoute("team-b", "blue", "red")),
                        new TenantFallback(TenantFallback.Action.DEFAULT_CLUSTER, null)))),
                List.of(cluster("blue", new Endpoint(new HostPort("10.0.0.1", 80), 1, 0))));

        assertThat(ConfigValidator.validate(b)).containsExactly(
                new ConfigError("listeners[0].tenant_routing.missing_tenant.default_cluster", 0, "required"),
                new ConfigError("listeners[0].tenant_routing.tenants.team-a", 0,
                        "tenant 'team-b' is filed under key 'team-a'"),
                new ConfigError("listeners[0].tenant_routing.tenants.team-a.read", 0, "unknown cluster 'red'"));
        assertThat(ConfigValidator.validate(b).get(0))
                .hasToString("listeners[0].tenant_routing.missing_tenant.default_cluster: required");
    }

    @Test
    void nullsAreReportedNotThrown() {
        Bootstrap b = new Bootstrap(null, 0, null, null,
                List.of(new Listener(null, null, null, null, List.of(), null)),
                List.of(new Cluster(null, List.of(new Endpoint(null, 1, 0)), null, null, null, null, null, null, 1, 0, null, null, null)));

        assertThatThrownBy(() -> ConfigValidator.requireValid(b, "xds"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid config xds: 17 errors\n  admin.address: required\n");
    }

    @Test
    void negativeDrainTimeoutIsRejectedButZeroIsAllowed() {
        Bootstrap b = new Bootstrap(new Admin(Defaults.ADMIN_ADDRESS), 0, Duration.ofSeconds(-1), AccessLog.DISABLED,
                List.of(listener(routing(Map.of("t", new TenantRoute("t", "c", "c")), TenantFallback.REJECT))),
                List.of(cluster("c", new Endpoint(new HostPort("10.0.0.1", 80), 1, 0))));

        assertThat(ConfigValidator.validate(b)).containsExactly(
                new ConfigError("drain_timeout", 0, "must not be negative"));
    }
}
