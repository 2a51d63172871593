package dev.sluice.proxy.lb;

import dev.sluice.config.model.LbPolicy;
import java.util.Objects;

/** The balancer factory of a cluster's configured policy. */
public final class LoadBalancers {
    private LoadBalancers() {}

    /**
     * A factory for one cluster. Keep it for the cluster's lifetime: the hashing policies and
     * weighted round robin remember the last host set and share its table among workers.
     */
    public static LoadBalancerFactory factory(LbPolicy policy, LbOptions options) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(options, "options");
        return switch (policy) {
            case ROUND_ROBIN -> RoundRobinBalancer.factory();
            case WEIGHTED_ROUND_ROBIN -> WeightedRoundRobinBalancer.factory();
            case RANDOM -> RandomBalancer.factory();
            case LEAST_REQUEST ->
                    LeastRequestBalancer.factory(options.leastRequestChoices(), options.activeRequestBias());
            case RING_HASH -> RingHashBalancer.factory(
                    options.ringPointsPerHost(), options.minRingSize(), options.maxRingSize());
            case MAGLEV -> MaglevBalancer.factory(options.maglevTableSize());
        };
    }

    public static LoadBalancerFactory factory(LbPolicy policy) {
        return factory(policy, LbOptions.DEFAULTS);
    }
}
