package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;

/**
 * What a balancer may know about the request it picks for: the consistent-hash key (for ring
 * hash and Maglev) and a host to avoid (the one a retried request just failed on).
 */
public final class PickContext {
    public static final PickContext NONE = new PickContext(0, false, null);

    private final long hash;
    private final boolean hasHash;
    private final UpstreamHost avoid;

    private PickContext(long hash, boolean hasHash, UpstreamHost avoid) {
        this.hash = hash;
        this.hasHash = hasHash;
        this.avoid = avoid;
    }

    public static PickContext withHash(long hash) {
        return new PickContext(hash, true, null);
    }

    public PickContext avoiding(UpstreamHost host) {
        return new PickContext(hash, hasHash, host);
    }

    public boolean hasHash() {
        return hasHash;
    }

    public long hash() {
        return hash;
    }

    /** A host the balancer should not pick when another is available; may be null. */
    public UpstreamHost avoid() {
        return avoid;
    }
}
