package dev.sluice.config;

import dev.sluice.config.model.ClassifyRule;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.RoutingPriority;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.TenantRouting;
import dev.sluice.config.model.WeightedClusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Binds a listener's tenant_routing: the tenant map, the fallbacks and the read/write rules. */
final class TenantRoutingBinder {
    private static final List<String> FIELDS =
            List.of("header", "tenants", "missing_tenant", "unknown_tenant", "classify", "default_kind");
    private static final List<String> TENANT_FIELDS =
            List.of("write", "read", WeightedClustersBinder.KEY, "priority");
    private static final List<String> SPLIT_FIELDS = List.of(WeightedClustersBinder.KEY);
    private static final List<String> FALLBACK_FIELDS = List.of("default_cluster");
    private static final List<String> RULE_FIELDS = List.of("methods", "path_exact", "path_prefix", "kind");

    private TenantRoutingBinder() {}

    static TenantRouting bind(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, FIELDS);
        if (m == null) {
            return new TenantRouting(Defaults.TENANT_HEADER, Map.of(), Defaults.MISSING_TENANT,
                    Defaults.UNKNOWN_TENANT, Defaults.CLASSIFY_RULES, Defaults.DEFAULT_KIND);
        }
        String header = m.has("header") ? m.string("header") : Defaults.TENANT_HEADER;
        Map<String, TenantRoute> tenants = m.has("tenants") ? tenants(m.get("tenants"), m.path("tenants"), ctx) : Map.of();
        return new TenantRouting(
                header,
                tenants,
                fallback(m, "missing_tenant", ctx),
                fallback(m, "unknown_tenant", ctx),
                m.has("classify") ? classify(m.get("classify"), m.path("classify"), ctx) : Defaults.CLASSIFY_RULES,
                m.enumValue("default_kind", RequestKind.class, Defaults.DEFAULT_KIND));
    }

    /** Tenant id to route; a tenant is either a cluster name or {write: , read: }. */
    private static Map<String, TenantRoute> tenants(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, null);
        if (m == null) {
            return Map.of();
        }
        Map<String, TenantRoute> tenants = new HashMap<>(m.entries().size() * 2);
        for (Map.Entry<String, NodeTuple> e : m.entries().entrySet()) {
            String tenant = e.getKey();
            String tenantPath = m.path(tenant);
            Node value = e.getValue().getValueNode();
            if (BindContext.isNull(value)) {
                ctx.error(tenantPath, e.getValue().getKeyNode(),
                        "expected a cluster name or {write: CLUSTER, read: CLUSTER}, got nothing");
                tenants.put(tenant, new TenantRoute(tenant, null, null));
            } else if (value instanceof ScalarNode scalar) {
                tenants.put(tenant, new TenantRoute(tenant, scalar.getValue(), scalar.getValue()));
            } else {
                YamlMap rw = ctx.map(value, tenantPath, TENANT_FIELDS);
                tenants.put(tenant, rw == null ? new TenantRoute(tenant, null, null) : tenantMapping(tenant, rw, ctx));
            }
        }
        return tenants;
    }

    /**
     * {@code {write: W, read: R}} where each side is a cluster name or {@code {weighted_clusters: [...]}},
     * or {@code {weighted_clusters: [...]}} for both kinds.
     */
    private static TenantRoute tenantMapping(String tenant, YamlMap rw, BindContext ctx) {
        if (rw.has(WeightedClustersBinder.KEY)) {
            if (rw.has("write") || rw.has("read")) {
                ctx.error(rw.path(WeightedClustersBinder.KEY), rw.get(WeightedClustersBinder.KEY),
                        "weighted_clusters applies to reads and writes; leave out write and read, or put it under each");
            }
            WeightedClusters both = WeightedClustersBinder.bind(rw.get(WeightedClustersBinder.KEY),
                    rw.path(WeightedClustersBinder.KEY), ctx);
            return new TenantRoute(tenant, null, null, both, both, priority(rw));
        }
        String[] names = new String[2];
        WeightedClusters[] splits = new WeightedClusters[2];
        String[] keys = {"write", "read"};
        for (int i = 0; i < 2; i++) {
            Node side = rw.get(keys[i]);
            if (side == null || side instanceof ScalarNode) {
                names[i] = rw.string(keys[i]);
                continue;
            }
            YamlMap sm = ctx.map(side, rw.path(keys[i]), SPLIT_FIELDS);
            if (sm == null) {
                continue;
            }
            if (!sm.has(WeightedClustersBinder.KEY)) {
                ctx.error(sm.path(WeightedClustersBinder.KEY), side, "required");
                continue;
            }
            splits[i] = WeightedClustersBinder.bind(sm.get(WeightedClustersBinder.KEY),
                    sm.path(WeightedClustersBinder.KEY), ctx);
        }
        return new TenantRoute(tenant, names[0], names[1], splits[0], splits[1], priority(rw));
    }

    /** {@code priority: high | default}: which circuit-breaker limits the tenant's requests use. */
    static RoutingPriority priority(YamlMap m) {
        return m.enumValue("priority", RoutingPriority.class, RoutingPriority.DEFAULT);
    }

    /** {@code reject} or {@code {default_cluster: NAME}}. */
    private static TenantFallback fallback(YamlMap parent, String key, BindContext ctx) {
        Node node = parent.get(key);
        if (node == null) {
            return TenantFallback.REJECT;
        }
        String path = parent.path(key);
        if (node instanceof ScalarNode scalar) {
            if (!"reject".equals(scalar.getValue())) {
                ctx.error(path, node, "expected 'reject' or {default_cluster: CLUSTER}, got " + BindContext.describe(node));
            }
            return TenantFallback.REJECT;
        }
        YamlMap m = ctx.map(node, path, FALLBACK_FIELDS);
        if (m == null) {
            return TenantFallback.REJECT;
        }
        return new TenantFallback(TenantFallback.Action.DEFAULT_CLUSTER, m.string("default_cluster"));
    }

    private static List<ClassifyRule> classify(Node node, String path, BindContext ctx) {
        List<Node> items = ctx.list(node, path);
        if (items == null) {
            return Defaults.CLASSIFY_RULES;
        }
        List<ClassifyRule> rules = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String rulePath = path + "[" + i + "]";
            YamlMap m = ctx.map(items.get(i), rulePath, RULE_FIELDS);
            if (m == null) {
                rules.add(new ClassifyRule(Set.of(), null, "/", RequestKind.READ));
                continue;
            }
            Set<String> methods = m.has("methods") ? ctx.methods(m.get("methods"), m.path("methods")) : Set.of();
            rules.add(new ClassifyRule(methods, m.string("path_exact"), m.string("path_prefix"),
                    m.enumValue("kind", RequestKind.class, null)));
        }
        return rules;
    }
}
