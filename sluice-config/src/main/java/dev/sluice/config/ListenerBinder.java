package dev.sluice.config;

import dev.sluice.config.model.HeaderMatcher;
import dev.sluice.config.model.Limits;
import dev.sluice.config.model.Listener;
import dev.sluice.config.model.Route;
import dev.sluice.config.model.RouteMatch;
import dev.sluice.config.model.TenantRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Binds one listener with its limits and generic routes; tenant routing has its own binder. */
final class ListenerBinder {
    private static final List<String> FIELDS =
            List.of("name", "address", "idle_timeout", "limits", "routes", "tenant_routing", "cluster_header");
    private static final List<String> LIMIT_FIELDS =
            List.of("max_header_bytes", "max_initial_line_bytes", "max_body_bytes");
    private static final List<String> ROUTE_FIELDS =
            List.of("name", "match", "cluster", WeightedClustersBinder.KEY, "priority");
    private static final List<String> MATCH_FIELDS =
            List.of("path_exact", "path_prefix", "path_regex", "methods", "headers");
    private static final List<String> HEADER_FIELDS =
            List.of("name", "exact", "prefix", "regex", "present", "invert");

    static final RouteMatch MATCH_ALL = new RouteMatch(null, null, null, Set.of(), List.of());

    private ListenerBinder() {}

    static Listener bind(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, FIELDS);
        if (m == null) {
            return new Listener(null, null, Defaults.LIMITS, Defaults.LISTENER_IDLE_TIMEOUT, List.of(), null);
        }
        Limits limits = m.has("limits") ? limits(m.get("limits"), m.path("limits"), ctx) : Defaults.LIMITS;
        List<Route> routes = new ArrayList<>();
        List<Node> routeNodes = m.has("routes") ? ctx.list(m.get("routes"), m.path("routes")) : null;
        if (routeNodes != null) {
            for (int i = 0; i < routeNodes.size(); i++) {
                routes.add(route(routeNodes.get(i), m.path("routes") + "[" + i + "]", i, ctx));
            }
        }
        TenantRouting tenantRouting = m.has("tenant_routing")
                ? TenantRoutingBinder.bind(m.get("tenant_routing"), m.path("tenant_routing"), ctx)
                : null;
        return new Listener(
                m.string("name"),
                m.hostPort("address"),
                limits,
                m.duration("idle_timeout", Defaults.LISTENER_IDLE_TIMEOUT),
                routes,
                tenantRouting,
                m.has("cluster_header") ? m.string("cluster_header") : null);
    }

    private static Limits limits(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, LIMIT_FIELDS);
        if (m == null) {
            return Defaults.LIMITS;
        }
        Limits d = Defaults.LIMITS;
        return new Limits(
                m.intSize("max_header_bytes", d.maxHeaderBytes()),
                m.intSize("max_initial_line_bytes", d.maxInitialLineBytes()),
                m.size("max_body_bytes", d.maxBodyBytes()));
    }

    private static Route route(Node node, String path, int index, BindContext ctx) {
        YamlMap m = ctx.map(node, path, ROUTE_FIELDS);
        if (m == null) {
            return new Route(Defaults.routeName(index), MATCH_ALL, null);
        }
        String name = m.has("name") ? m.string("name") : Defaults.routeName(index);
        RouteMatch match = m.has("match") ? match(m.get("match"), m.path("match"), ctx) : MATCH_ALL;
        return new Route(name, match, m.string("cluster"), m.has(WeightedClustersBinder.KEY)
                ? WeightedClustersBinder.bind(m.get(WeightedClustersBinder.KEY), m.path(WeightedClustersBinder.KEY), ctx)
                : null, TenantRoutingBinder.priority(m));
    }

    private static RouteMatch match(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, MATCH_FIELDS);
        if (m == null) {
            return MATCH_ALL;
        }
        Set<String> methods = m.has("methods") ? ctx.methods(m.get("methods"), m.path("methods")) : Set.of();
        List<HeaderMatcher> headers = new ArrayList<>();
        List<Node> headerNodes = m.has("headers") ? ctx.list(m.get("headers"), m.path("headers")) : null;
        if (headerNodes != null) {
            for (int i = 0; i < headerNodes.size(); i++) {
                HeaderMatcher h = header(headerNodes.get(i), m.path("headers") + "[" + i + "]", ctx);
                // a matcher that failed to bind would match wrongly; the error is already reported
                headers.add(h == null ? new HeaderMatcher(null, null, null, null, null, false) : h);
            }
        }
        return new RouteMatch(m.string("path_exact"), m.string("path_prefix"), m.regex("path_regex"), methods, headers);
    }

    private static HeaderMatcher header(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, HEADER_FIELDS);
        if (m == null) {
            return null;
        }
        Boolean present = m.optionalBool("present");
        if (present == null && m.has("present")) {
            // it failed to bind but was given: counting it stops "exactly one of" from firing too
            present = Boolean.TRUE;
        }
        return new HeaderMatcher(
                m.string("name"),
                m.string("exact"),
                m.string("prefix"),
                m.regex("regex"),
                present,
                m.bool("invert", false));
    }
}
