package dev.sluice.proxy.route;

/**
 * Receives what the router decided for one request: where it goes, and the row of the
 * per-worker counters it counts under ({@link dev.sluice.proxy.stats.TargetStats#id()}). Two
 * values and no object: with 100,000 tenants a tenant's stats id lives in its table slot, and
 * its target is shared with every tenant routed the same way.
 */
public interface RouteSink {
    void routeTo(RouteTarget target, int statsId);
}
