package dev.sluice.proxy.health;

/**
 * How much traffic each priority level gets, by Envoy's overprovisioning rule.
 *
 * <p>A level's health is the share of its hosts that are available, times the overprovisioning
 * factor, capped at 100%: with the default 1.4 a level with 72% of its hosts up still counts as
 * fully healthy and keeps all of its traffic. Levels are filled in order: the preferred level
 * takes as much as its health allows, the next takes what spills over, and so on. When the
 * levels together are less than 100% healthy, the loads are scaled up so they still sum to 100.
 */
public final class PriorityLoad {
    private PriorityLoad() {}

    /** A level's health in percent: available / total * factor, capped at 100. */
    public static int health(int available, int total, double overprovisioningFactor) {
        if (total <= 0 || available <= 0) {
            return 0;
        }
        return (int) Math.min(100, Math.floor(overprovisioningFactor * 100.0 * available / total));
    }

    /** The sum of the levels' health, capped at 100: what the panic threshold is compared with. */
    public static int normalizedTotalHealth(int[] health) {
        int sum = 0;
        for (int h : health) {
            sum += h;
        }
        return Math.min(100, sum);
    }

    /**
     * The load of each level, in percent, summing to 100. With no healthy level at all, the
     * preferred level gets everything (the cluster is then in panic, or has nothing to offer).
     */
    public static int[] loads(int[] health) {
        int[] load = new int[health.length];
        if (health.length == 0) {
            return load;
        }
        int total = normalizedTotalHealth(health);
        if (total == 0) {
            load[0] = 100;
            return load;
        }
        int remaining = 100;
        for (int i = 0; i < health.length; i++) {
            load[i] = Math.min(remaining, health[i] * 100 / total);
            remaining -= load[i];
        }
        // Rounding leaves a few percent over: they go to the first level that can take traffic.
        if (remaining > 0) {
            for (int i = 0; i < health.length; i++) {
                if (health[i] > 0) {
                    load[i] += remaining;
                    break;
                }
            }
        }
        return load;
    }
}
