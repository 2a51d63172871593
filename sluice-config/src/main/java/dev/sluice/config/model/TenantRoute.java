package dev.sluice.config.model;

/** Where one tenant's traffic goes: writes to one cluster, reads to another (or the same). */
public record TenantRoute(String tenant, String writeCluster, String readCluster) {
    public String cluster(RequestKind kind) {
        return kind == RequestKind.WRITE ? writeCluster : readCluster;
    }
}
