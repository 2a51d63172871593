package dev.sluice.config;

import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.Endpoint;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.LbPolicy;
import dev.sluice.config.model.ResiliencePolicy;
import dev.sluice.config.model.UpstreamProtocol;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Binds one cluster and its endpoints. */
final class ClusterBinder {
    private static final List<String> FIELDS = List.of(
            "name", "endpoints", "lb_policy", "protocol", "connect_timeout", "response_timeout",
            "stream_idle_timeout", "idle_timeout", "max_connections_per_worker",
            "max_requests_per_connection", "dns_refresh", "health_check", "outlier_detection", "panic_threshold",
            "overprovisioning_factor",
            "circuit_breakers", "retry_policy");
    private static final List<String> ENDPOINT_FIELDS = List.of("address", "weight", "priority");

    private ClusterBinder() {}

    static Cluster bind(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, FIELDS);
        if (m == null) {
            return new Cluster(null, List.of(), Defaults.LB_POLICY, Defaults.PROTOCOL, Defaults.CONNECT_TIMEOUT,
                    Defaults.RESPONSE_TIMEOUT, Defaults.STREAM_IDLE_TIMEOUT, Defaults.CLUSTER_IDLE_TIMEOUT,
                    Defaults.MAX_CONNECTIONS_PER_WORKER, Defaults.MAX_REQUESTS_PER_CONNECTION, Defaults.DNS_REFRESH,
                    HealthPolicy.DEFAULT,
                    ResiliencePolicy.DEFAULT);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        List<Node> endpointNodes = m.has("endpoints") ? ctx.list(m.get("endpoints"), m.path("endpoints")) : null;
        if (endpointNodes != null) {
            for (int i = 0; i < endpointNodes.size(); i++) {
                endpoints.add(endpoint(endpointNodes.get(i), m.path("endpoints") + "[" + i + "]", ctx));
            }
        }
        return new Cluster(
                m.string("name"),
                endpoints,
                m.enumValue("lb_policy", LbPolicy.class, Defaults.LB_POLICY),
                m.enumValue("protocol", UpstreamProtocol.class, Defaults.PROTOCOL),
                m.duration("connect_timeout", Defaults.CONNECT_TIMEOUT),
                m.duration("response_timeout", Defaults.RESPONSE_TIMEOUT),
                m.duration("stream_idle_timeout", Defaults.STREAM_IDLE_TIMEOUT),
                m.duration("idle_timeout", Defaults.CLUSTER_IDLE_TIMEOUT),
                m.integer("max_connections_per_worker", Defaults.MAX_CONNECTIONS_PER_WORKER),
                m.integer("max_requests_per_connection", Defaults.MAX_REQUESTS_PER_CONNECTION),
                m.duration("dns_refresh", Defaults.DNS_REFRESH),
                HealthBinder.bind(m, ctx),
                ResilienceBinder.bind(m, ctx));
    }

    /** {@code host:port} (weight 1, priority 0) or {@code {address, weight, priority}}. */
    private static Endpoint endpoint(Node node, String path, BindContext ctx) {
        if (BindContext.isNull(node)) {
            ctx.error(path, node, "expected host:port or {address: HOST:PORT, weight: N, priority: N}, got nothing");
            return new Endpoint(null, Defaults.ENDPOINT_WEIGHT, Defaults.ENDPOINT_PRIORITY);
        }
        if (node instanceof ScalarNode) {
            return new Endpoint(ctx.hostPort(node, path), Defaults.ENDPOINT_WEIGHT, Defaults.ENDPOINT_PRIORITY);
        }
        YamlMap m = ctx.map(node, path, ENDPOINT_FIELDS);
        if (m == null) {
            return new Endpoint(null, Defaults.ENDPOINT_WEIGHT, Defaults.ENDPOINT_PRIORITY);
        }
        return new Endpoint(
                m.hostPort("address"),
                m.integer("weight", Defaults.ENDPOINT_WEIGHT),
                m.integer("priority", Defaults.ENDPOINT_PRIORITY));
    }
}
