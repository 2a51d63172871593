package dev.sluice.proxy.upstream;

/** Told, on the worker loop, whether an upstream channel could be had. */
public interface AcquireCallback {

    void onLease(UpstreamLease lease);

    /** {@code overflow} means a limit refused it; otherwise connecting failed with {@code cause}. */
    void onLeaseFailure(boolean overflow, Throwable cause);
}
