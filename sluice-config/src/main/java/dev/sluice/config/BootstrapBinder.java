package dev.sluice.config;

import dev.sluice.config.model.AccessLog;
import dev.sluice.config.model.Admin;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.Listener;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds the YAML node tree to a {@link Bootstrap}: the top level, admin and access log here,
 * listeners and clusters in their own binders.
 *
 * <p>Binding checks shape and syntax (types, units, enum names, host:port); the
 * {@link ConfigValidator} checks values and references afterwards. An item that cannot be bound
 * still yields a placeholder record, so list indices in the validator's paths keep matching
 * the file.
 */
final class BootstrapBinder {
    private static final List<String> FIELDS =
            List.of("admin", "workers", "drain_timeout", "access_log", "listeners", "clusters");

    private BootstrapBinder() {}

    /** Null when the root itself is not a mapping. */
    static Bootstrap bind(Node root, BindContext ctx) {
        ctx.sources().record("", BindContext.line(root));
        YamlMap m = ctx.map(root, "", FIELDS);
        if (m == null) {
            return null;
        }
        Admin admin = admin(m, ctx);
        int workers = m.integer("workers", Defaults.WORKERS);
        var drainTimeout = m.duration("drain_timeout", Defaults.DRAIN_TIMEOUT);
        AccessLog accessLog = accessLog(m, ctx);

        List<Listener> listeners = new ArrayList<>();
        List<Node> listenerNodes = m.has("listeners") ? ctx.list(m.get("listeners"), m.path("listeners")) : null;
        if (listenerNodes != null) {
            for (int i = 0; i < listenerNodes.size(); i++) {
                listeners.add(ListenerBinder.bind(listenerNodes.get(i), m.path("listeners") + "[" + i + "]", ctx));
            }
        }
        List<Cluster> clusters = new ArrayList<>();
        List<Node> clusterNodes = m.has("clusters") ? ctx.list(m.get("clusters"), m.path("clusters")) : null;
        if (clusterNodes != null) {
            for (int i = 0; i < clusterNodes.size(); i++) {
                clusters.add(ClusterBinder.bind(clusterNodes.get(i), m.path("clusters") + "[" + i + "]", ctx));
            }
        }
        return new Bootstrap(admin, workers, drainTimeout, accessLog, listeners, clusters);
    }

    private static Admin admin(YamlMap root, BindContext ctx) {
        if (!root.has("admin")) {
            return new Admin(Defaults.ADMIN_ADDRESS);
        }
        YamlMap m = ctx.map(root.get("admin"), root.path("admin"), List.of("address"));
        if (m == null || !m.has("address")) {
            return new Admin(Defaults.ADMIN_ADDRESS);
        }
        HostPort address = m.hostPort("address");
        return new Admin(address == null ? Defaults.ADMIN_ADDRESS : address);
    }

    private static AccessLog accessLog(YamlMap root, BindContext ctx) {
        if (!root.has("access_log")) {
            return AccessLog.DISABLED;
        }
        YamlMap m = ctx.map(root.get("access_log"), root.path("access_log"), List.of("path"));
        if (m == null) {
            return AccessLog.DISABLED;
        }
        // enabled with a null path is what the validator reports as "path: required"
        return new AccessLog(true, m.string("path"));
    }
}
