package dev.sluice.proxy.route;

import dev.sluice.config.model.Listener;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.RoutingPriority;
import dev.sluice.config.model.Route;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.TenantRouting;
import dev.sluice.config.model.WeightedClusters;
import dev.sluice.proxy.http.Cause;
import dev.sluice.proxy.http.codec.FlatHttpHeaders;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.ClusterRuntime;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The compiled routing of one listener for one config snapshot: generic routes first (first
 * match wins), then tenant routing, then 404 no_route.
 */
public final class ListenerRouter {
    public static final String MISSING_LABEL = "_missing";
    public static final String UNKNOWN_LABEL = "_unknown";

    private final Listener config;
    private final String listener;
    private final GenericRoute[] routes;
    private final AsciiString tenantHeader;
    private final TenantTable tenants;
    private final RequestClassifier classifier;
    private final RouteTarget missing;
    private final RouteTarget unknown;
    private final RouteTarget noRoute;
    private final AsciiString clusterHeader;

    public ListenerRouter(Listener config, Function<String, ClusterRuntime> clusters, ProxyStats stats) {
        this.config = config;
        this.listener = config.name();
        this.clusterHeader = config.clusterHeader() == null ? null : AsciiString.of(config.clusterHeader());
        List<Route> rs = config.routes();
        this.routes = new GenericRoute[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            Route r = rs.get(i);
            RouteTarget target;
            if (r.split() != null) {
                target = splitTarget(r.split(), r.priority(),
                        cluster -> new RouteTarget(clusters.apply(cluster), null, stats.target(listener, cluster, ""),
                                r.priority()),
                        cluster -> stats.target(listener, cluster, "").id());
            } else {
                ClusterRuntime c = clusters.apply(r.cluster());
                target = new RouteTarget(c, null, stats.target(listener, c.name(), ""), r.priority());
            }
            routes[i] = new GenericRoute(r, target);
        }
        this.noRoute = new RouteTarget(null, Cause.NO_ROUTE, stats.target(listener, "", ""), RoutingPriority.DEFAULT);
        TenantRouting tr = config.tenantRouting();
        if (tr == null) {
            tenantHeader = null;
            tenants = null;
            classifier = null;
            missing = unknown = noRoute;
            return;
        }
        this.tenantHeader = AsciiString.of(tr.header());
        this.classifier = new RequestClassifier(tr.classify(), tr.defaultKind());
        TenantTable.Builder table = new TenantTable.Builder();
        // Tenants routed to one cluster at one priority share one target; their stats are their own.
        Map<String, RouteTarget> shared = new HashMap<>();
        for (TenantRoute t : tr.tenants().values()) {
            Function<String, RouteTarget> single = cluster -> shared.computeIfAbsent(
                    cluster + '\u0000' + t.priority(), k -> RouteTarget.perTenant(clusters.apply(cluster),
                            stats.latency(listener, cluster), t.priority()));
            RouteTarget[] targets = new RouteTarget[RequestKind.values().length];
            int[] statsIds = new int[targets.length];
            for (RequestKind kind : RequestKind.values()) {
                WeightedClusters split = t.split(kind);
                if (split != null) {
                    targets[kind.ordinal()] = splitTarget(split, t.priority(), single,
                            cluster -> stats.target(listener, cluster, t.tenant()).id());
                    statsIds[kind.ordinal()] = RouteTarget.STATS_PER_TENANT;
                } else {
                    // Reads and writes to the same cluster count under one set of stats.
                    targets[kind.ordinal()] = single.apply(t.cluster(kind));
                    statsIds[kind.ordinal()] = stats.target(listener, t.cluster(kind), t.tenant()).id();
                }
            }
            table.put(t.tenant(), targets, statsIds);
        }
        this.tenants = table.build();
        this.missing = fallback(tr.missingTenant(), Cause.MISSING_TENANT, MISSING_LABEL, clusters, stats);
        this.unknown = fallback(tr.unknownTenant(), Cause.UNKNOWN_TENANT, UNKNOWN_LABEL, clusters, stats);
    }

    /** A target that the router resolves, per request, to one of the split's cluster targets. */
    private RouteTarget splitTarget(WeightedClusters split, RoutingPriority priority,
            Function<String, RouteTarget> target, ToIntFunction<String> statsId) {
        int n = split.clusters().size();
        RouteTarget[] targets = new RouteTarget[n];
        int[] statsIds = new int[n];
        int[] weights = new int[n];
        for (int i = 0; i < n; i++) {
            String cluster = split.clusters().get(i).cluster();
            targets[i] = target.apply(cluster);
            statsIds[i] = statsId.applyAsInt(cluster);
            weights[i] = split.clusters().get(i).weight();
        }
        return RouteTarget.weighted(new WeightedSplit(targets, statsIds, weights, clusterHeader), priority);
    }

    private RouteTarget fallback(TenantFallback f, Cause cause, String label,
            Function<String, ClusterRuntime> clusters, ProxyStats stats) {
        if (f.action() == TenantFallback.Action.DEFAULT_CLUSTER) {
            return new RouteTarget(clusters.apply(f.cluster()), null, stats.target(listener, f.cluster(), label),
                    RoutingPriority.DEFAULT);
        }
        return new RouteTarget(null, cause, stats.target(listener, "", label), RoutingPriority.DEFAULT);
    }

    /**
     * Routes one request: hands {@code to} its target and the stats it counts under.
     * {@code path} is the request path without its query string.
     */
    public void route(String method, String path, HttpHeaders headers, RouteSink to) {
        for (GenericRoute r : routes) {
            if (r.matches(method, path, headers)) {
                resolve(r.target(), r.target().statsId(), headers, to);
                return;
            }
        }
        if (tenants == null) {
            to.routeTo(noRoute, noRoute.statsId());
            return;
        }
        CharSequence tenant = FlatHttpHeaders.firstValue(headers, tenantHeader);
        if (tenant == null || tenant.length() == 0) {
            to.routeTo(missing, missing.statsId());
            return;
        }
        int slot = tenants.find(tenant);
        if (slot == TenantTable.NOT_FOUND) {
            to.routeTo(unknown, unknown.statsId());
            return;
        }
        RequestKind kind = classifier.classify(method, path);
        resolve(tenants.target(slot, kind), tenants.statsId(slot, kind), headers, to);
    }

    private static void resolve(RouteTarget t, int statsId, HttpHeaders headers, RouteSink to) {
        WeightedSplit split = t.split();
        if (split == null) {
            to.routeTo(t, statsId);
            return;
        }
        int choice = split.pick(headers);
        to.routeTo(split.target(choice), split.statsId(choice));
    }

    /** The raw tenant header value, for error bodies and the access log; null when absent. */
    public String tenant(HttpHeaders headers) {
        return tenantHeader == null ? null : headers.get(tenantHeader);
    }

    public String listener() {
        return listener;
    }

    /** The listener config this router was compiled from. */
    public Listener config() {
        return config;
    }

    /** The path of a request target, without query or fragment. */
    public static String pathOf(String uri) {
        int q = uri.indexOf('?');
        int h = uri.indexOf('#');
        int end = q < 0 ? h : (h < 0 ? q : Math.min(q, h));
        return end < 0 ? uri : uri.substring(0, end);
    }
}
