package dev.sluice.config.model;

/**
 * Where one tenant's traffic goes: writes to one cluster, reads to another (or the same). A
 * kind whose split is set goes to the split's clusters by weight; its cluster name is then null.
 */
public record TenantRoute(String tenant, String writeCluster, String readCluster,
        WeightedClusters writeSplit, WeightedClusters readSplit, RoutingPriority priority) {

    public TenantRoute {
        priority = priority == null ? RoutingPriority.DEFAULT : priority;
    }

    public TenantRoute(String tenant, String writeCluster, String readCluster,
            WeightedClusters writeSplit, WeightedClusters readSplit) {
        this(tenant, writeCluster, readCluster, writeSplit, readSplit, RoutingPriority.DEFAULT);
    }

    public TenantRoute(String tenant, String writeCluster, String readCluster) {
        this(tenant, writeCluster, readCluster, null, null, RoutingPriority.DEFAULT);
    }

    public String cluster(RequestKind kind) {
        return kind == RequestKind.WRITE ? writeCluster : readCluster;
    }

    /** The weighted split for {@code kind}, or null when it goes to one cluster. */
    public WeightedClusters split(RequestKind kind) {
        return kind == RequestKind.WRITE ? writeSplit : readSplit;
    }
}
