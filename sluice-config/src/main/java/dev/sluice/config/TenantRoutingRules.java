package dev.sluice.config;

import dev.sluice.config.model.ClassifyRule;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.TenantRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The validator's checks for one listener's tenant_routing. */
final class TenantRoutingRules {
    private final ConfigValidator v;

    TenantRoutingRules(ConfigValidator validator) {
        this.v = validator;
    }

    void check(String path, TenantRouting t) {
        v.headerName(path + ".header", t.header());
        fallback(path + ".missing_tenant", t.missingTenant());
        fallback(path + ".unknown_tenant", t.unknownTenant());
        tenants(path + ".tenants", t.tenants());
        if (t.tenants().isEmpty() && t.unknownTenant() != null
                && t.unknownTenant().action() == TenantFallback.Action.REJECT) {
            v.error(path + ".tenants", "no tenants and unknown_tenant is reject, so every request would be rejected");
        }
        for (int i = 0; i < t.classify().size(); i++) {
            rule(path + ".classify[" + i + "]", t.classify().get(i));
        }
        if (t.defaultKind() == null) {
            v.error(path + ".default_kind", "required (read or write)");
        }
    }

    private void tenants(String path, Map<String, TenantRoute> tenants) {
        // sorted so that errors come out in the same order on every run (the map has no order)
        List<String> ids = new ArrayList<>(tenants.keySet());
        ids.sort(null);
        for (String id : ids) {
            String tp = YamlMap.child(path, id);
            TenantRoute r = tenants.get(id);
            tenantId(tp, id);
            if (r == null) {
                v.error(tp, "required");
                continue;
            }
            if (!id.equals(r.tenant())) {
                v.error(tp, "tenant '" + r.tenant() + "' is filed under key '" + id + "'");
            }
            if (r.writeSplit() != null && r.writeSplit() == r.readSplit()) {
                v.split(tp + ".weighted_clusters", r.writeSplit());
            } else if (r.writeSplit() != null || r.readSplit() != null) {
                side(tp + ".write", r.writeCluster(), r.writeSplit());
                side(tp + ".read", r.readCluster(), r.readSplit());
            } else if (r.writeCluster() != null && r.writeCluster().equals(r.readCluster())) {
                // one cluster for both: say it once, where the tenant is
                v.clusterRef(v.preferred(tp, "write"), r.writeCluster());
            } else {
                v.clusterRef(tp + ".write", r.writeCluster());
                v.clusterRef(tp + ".read", r.readCluster());
            }
        }
    }

    private void side(String path, String cluster, dev.sluice.config.model.WeightedClusters split) {
        if (split != null) {
            v.split(path + ".weighted_clusters", split);
        } else {
            v.clusterRef(path, cluster);
        }
    }

    /**
     * A tenant id arrives as a header value, which never starts or ends with whitespace (HTTP
     * trims it) and holds no control characters: such an id could never match.
     */
    private void tenantId(String path, String id) {
        if (id.isEmpty()) {
            v.error(path, "tenant id must not be empty");
            return;
        }
        if (Character.isWhitespace(id.charAt(0)) || Character.isWhitespace(id.charAt(id.length() - 1))) {
            v.error(path, "tenant id '" + id + "' starts or ends with whitespace, which a header value never does");
            return;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                v.error(path, "tenant id contains a control character");
                return;
            }
        }
    }

    private void fallback(String path, TenantFallback f) {
        if (f == null || f.action() == null) {
            v.error(path, "required ('reject' or {default_cluster: CLUSTER})");
        } else if (f.action() == TenantFallback.Action.DEFAULT_CLUSTER) {
            v.clusterRef(path + ".default_cluster", f.cluster());
        } else if (f.cluster() != null) {
            v.error(path, "a cluster is set but the action is reject");
        }
    }

    private void rule(String path, ClassifyRule r) {
        int paths = (r.pathExact() != null ? 1 : 0) + (r.pathPrefix() != null ? 1 : 0);
        if (paths != 1) {
            v.error(path, "exactly one of path_exact or path_prefix is required (path_prefix: / matches every path)");
        }
        v.startsWithSlash(path + ".path_exact", r.pathExact());
        v.startsWithSlash(path + ".path_prefix", r.pathPrefix());
        v.methods(path + ".methods", r.methods());
        if (r.kind() == null) {
            v.error(path + ".kind", "required (read or write)");
        }
    }
}
