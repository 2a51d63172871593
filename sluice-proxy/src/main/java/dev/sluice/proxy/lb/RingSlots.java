package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;

/** Walking a circular table of host slots (a hash ring, a Maglev table). */
final class RingSlots {
    private RingSlots() {}

    /**
     * The first slot after {@code from}, going round, held by a host other than {@code avoid};
     * {@code slots[from]} when every slot holds {@code avoid}. Stable per key, so a retried key
     * always goes to the same second choice.
     */
    static UpstreamHost nextOtherThan(UpstreamHost[] slots, int from, UpstreamHost avoid) {
        int n = slots.length;
        for (int step = 1; step < n; step++) {
            UpstreamHost next = slots[from + step < n ? from + step : from + step - n];
            if (next != avoid) {
                return next;
            }
        }
        return slots[from];
    }
}
