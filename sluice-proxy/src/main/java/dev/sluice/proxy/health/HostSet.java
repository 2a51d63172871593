package dev.sluice.proxy.health;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;

/**
 * What a cluster offers its workers at one moment, published whole through one volatile
 * reference: per priority level (in order, preferred first), the hosts to route to, and the
 * share of traffic each level takes. In panic a level lists all its hosts, healthy or not.
 * Workers compare the reference they last built a balancer for by identity.
 */
public final class HostSet {
    private final List<List<UpstreamHost>> levels;
    private final int[] load;
    private final boolean panic;

    HostSet(List<List<UpstreamHost>> levels, int[] load, boolean panic) {
        this.levels = List.copyOf(levels.stream().map(List::copyOf).toList());
        this.load = load.clone();
        this.panic = panic;
    }

    /** Everything available at once: one level per priority, load all on the preferred level. */
    static HostSet allAvailable(List<List<UpstreamHost>> levels, int[] load) {
        return new HostSet(levels, load, false);
    }

    public int levelCount() {
        return levels.size();
    }

    public List<UpstreamHost> level(int i) {
        return levels.get(i);
    }

    public int load(int level) {
        return load[level];
    }

    public boolean panic() {
        return panic;
    }

    /** The level for a draw in [0, 100): levels own consecutive slices as wide as their load. */
    public int chooseLevel(int draw) {
        int acc = 0;
        for (int i = 0; i < load.length; i++) {
            acc += load[i];
            if (draw < acc) {
                return i;
            }
        }
        return 0;
    }
}
