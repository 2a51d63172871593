package dev.sluice.config.model;

/**
 * How a cluster judges its endpoints and routes around bad ones.
 *
 * @param activeCheck active health checking; null when off
 * @param outlier passive outlier detection from real traffic; null when off
 * @param panicThresholdPercent below this share of available hosts (after the overprovisioning
 *     factor) the cluster routes to all endpoints of a priority instead of the few healthy ones;
 *     0 turns panic routing off
 * @param overprovisioningFactor how much headroom a priority is assumed to have: with 1.4, a
 *     priority keeps all its traffic until fewer than 1/1.4 (~71%) of its hosts are available
 */
public record HealthPolicy(
        HealthCheck activeCheck,
        OutlierDetection outlier,
        int panicThresholdPercent,
        double overprovisioningFactor) {

    public static final int DEFAULT_PANIC_THRESHOLD_PERCENT = 50;
    public static final double DEFAULT_OVERPROVISIONING_FACTOR = 1.4;

    /** No active checks, no outlier detection, Envoy's panic threshold and overprovisioning. */
    public static final HealthPolicy DEFAULT =
            new HealthPolicy(null, null, DEFAULT_PANIC_THRESHOLD_PERCENT, DEFAULT_OVERPROVISIONING_FACTOR);

    public HealthPolicy withActiveCheck(HealthCheck check) {
        return new HealthPolicy(check, outlier, panicThresholdPercent, overprovisioningFactor);
    }

    public HealthPolicy withOutlier(OutlierDetection detection) {
        return new HealthPolicy(activeCheck, detection, panicThresholdPercent, overprovisioningFactor);
    }

    public HealthPolicy withPanicThreshold(int percent) {
        return new HealthPolicy(activeCheck, outlier, percent, overprovisioningFactor);
    }
}
