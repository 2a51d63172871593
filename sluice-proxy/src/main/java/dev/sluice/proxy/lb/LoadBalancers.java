package dev.sluice.proxy.lb;

import dev.sluice.config.model.Cluster;

/** Chooses the balancer factory for a cluster's policy. */
public final class LoadBalancers {
    private LoadBalancers() {}

    public static LoadBalancerFactory factory(Cluster cluster) {
        // Other policies arrive with the load-balancing work; round robin serves all until then.
        return RoundRobinBalancer::new;
    }
}
