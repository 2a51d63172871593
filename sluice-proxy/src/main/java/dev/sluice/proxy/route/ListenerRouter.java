package dev.sluice.proxy.route;

import dev.sluice.config.model.Listener;
import dev.sluice.config.model.RequestKind;
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
                target = splitTarget(r.split(), "", cluster -> new RouteTarget(clusters.apply(cluster), null, "",
                        stats.target(listener, cluster, ""), r.priority()));
            } else {
                ClusterRuntime c = clusters.apply(r.cluster());
                target = new RouteTarget(c, null, "", stats.target(listener, c.name(), ""), r.priority());
            }
            routes[i] = new GenericRoute(r, target);
        }
        this.noRoute = new RouteTarget(null, Cause.NO_ROUTE, "", stats.target(listener, "", ""));
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
        TenantTable table = new TenantTable(tr.tenants().size());
        Map<String, RouteTarget> shared = new HashMap<>();
        for (TenantRoute t : tr.tenants().values()) {
            RouteTarget[] pair = new RouteTarget[RequestKind.values().length];
            Function<String, RouteTarget> single = cluster -> shared.computeIfAbsent(
                    t.tenant() + '\u0000' + cluster, k -> new RouteTarget(clusters.apply(cluster), null, t.tenant(),
                            stats.target(listener, cluster, t.tenant()), t.priority()));
            for (RequestKind kind : RequestKind.values()) {
                WeightedClusters split = t.split(kind);
                // Reads and writes to the same cluster share one target (and one set of stats).
                pair[kind.ordinal()] = split != null
                        ? splitTarget(split, t.tenant(), single)
                        : single.apply(t.cluster(kind));
            }
            table.put(t.tenant(), pair);
        }
        this.tenants = table;
        this.missing = fallback(tr.missingTenant(), Cause.MISSING_TENANT, MISSING_LABEL, clusters, stats);
        this.unknown = fallback(tr.unknownTenant(), Cause.UNKNOWN_TENANT, UNKNOWN_LABEL, clusters, stats);
    }

    /** A target that the router resolves, per request, to one of the split's cluster targets. */
    private RouteTarget splitTarget(WeightedClusters split, String tenantLabel, Function<String, RouteTarget> single) {
        int n = split.clusters().size();
        RouteTarget[] targets = new RouteTarget[n];
        int[] weights = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = single.apply(split.clusters().get(i).cluster());
            weights[i] = split.clusters().get(i).weight();
        }
        return new RouteTarget(null, null, tenantLabel, targets[0].stats(),
                new WeightedSplit(targets, weights, clusterHeader), targets[0].priority());
    }

    private RouteTarget fallback(TenantFallback f, Cause cause, String label,
            Function<String, ClusterRuntime> clusters, ProxyStats stats) {
        if (f.action() == TenantFallback.Action.DEFAULT_CLUSTER) {
            return new RouteTarget(clusters.apply(f.cluster()), null, label, stats.target(listener, f.cluster(), label));
        }
        return new RouteTarget(null, cause, label, stats.target(listener, "", label));
    }

    /** Routes one request. {@code path} is the request path without its query string. */
    public RouteTarget route(String method, String path, HttpHeaders headers) {
        for (GenericRoute r : routes) {
            if (r.matches(method, path, headers)) {
                return resolve(r.target(), headers);
            }
        }
        if (tenants == null) {
            return noRoute;
        }
        CharSequence tenant = FlatHttpHeaders.firstValue(headers, tenantHeader);
        if (tenant == null || tenant.length() == 0) {
            return missing;
        }
        RouteTarget t = tenants.lookup(tenant, classifier.classify(method, path));
        return t != null ? resolve(t, headers) : unknown;
    }

    private static RouteTarget resolve(RouteTarget t, HttpHeaders headers) {
        return t.split() == null ? t : t.split().pick(headers);
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
