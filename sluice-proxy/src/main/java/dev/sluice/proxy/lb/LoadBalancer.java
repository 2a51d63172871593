package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;

/**
 * Picks one host of a cluster for one request. An instance belongs to one worker event loop,
 * so its own state (a round-robin cursor) needs no synchronization; anything shared between
 * instances (a hash ring, a Maglev table) is built once and immutable.
 */
public interface LoadBalancer {

    /** The chosen host, or null when the cluster has no host to offer. Never blocks. */
    UpstreamHost pick(PickContext context);
}
