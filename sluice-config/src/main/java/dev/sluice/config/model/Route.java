package dev.sluice.config.model;

/**
 * A generic route: requests matching {@code match} go to {@code cluster}, or, when {@code split}
 * is set (and {@code cluster} null), to one of the split's clusters by weight.
 */
public record Route(String name, RouteMatch match, String cluster, WeightedClusters split,
        RoutingPriority priority) {

    public Route {
        priority = priority == null ? RoutingPriority.DEFAULT : priority;
    }

    public Route(String name, RouteMatch match, String cluster, WeightedClusters split) {
        this(name, match, cluster, split, RoutingPriority.DEFAULT);
    }
    public Route(String name, RouteMatch match, String cluster) {
        this(name, match, cluster, null, RoutingPriority.DEFAULT);
    }
}
