package dev.sluice.config.model;

import java.time.Duration;
import java.util.List;

/**
 * One downstream listener. HTTP/1.1 and HTTP/2 with prior knowledge (h2c) share its port.
 *
 * <p>Requests are matched against {@code routes} first (first match wins); a request no route
 * matches goes to {@code tenantRouting}, or gets 404 {@code no_route} when that is null.
 *
 * @param idleTimeout a downstream connection with no active request is closed after this
 * @param clusterHeader a request header naming the cluster of a weighted split to use (for
 *     testing a canary); null: none
 */
public record Listener(
        String name,
        HostPort address,
        Limits limits,
        Duration idleTimeout,
        List<Route> routes,
        TenantRouting tenantRouting,
        String clusterHeader) {

    public Listener(String name, HostPort address, Limits limits, Duration idleTimeout, List<Route> routes,
            TenantRouting tenantRouting) {
        this(name, address, limits, idleTimeout, routes, tenantRouting, null);
    }

    public Listener {
        routes = List.copyOf(routes);
    }
}
