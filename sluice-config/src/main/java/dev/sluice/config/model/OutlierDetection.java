package dev.sluice.config.model;

import java.time.Duration;

/**
 * Passive outlier detection: endpoints that fail real traffic are ejected from rotation for a
 * while. A threshold of 0 turns that kind of detection off.
 *
 * @param consecutive5xx ejects after this many 5xx responses in a row
 * @param consecutiveGatewayFailure ejects after this many gateway failures in a row (connect
 *     failure, reset, timeout, 502, 503, 504)
 * @param interval how often ejections are reviewed and success rates computed
 * @param baseEjectionTime the first ejection lasts this long; the n-th lasts n times as long
 * @param maxEjectionTime upper bound of one ejection
 * @param maxEjectionPercent at most this share of the cluster is ejected at once (one host may
 *     always be ejected)
 * @param successRateMinimumHosts success-rate ejection needs this many hosts with enough volume
 * @param successRateRequestVolume a host needs this many requests in an interval to be judged
 * @param successRateStdevFactor a host is an outlier below mean - factor * stdev; 0 disables
 */
public record OutlierDetection(
        int consecutive5xx,
        int consecutiveGatewayFailure,
        Duration interval,
        Duration baseEjectionTime,
        Duration maxEjectionTime,
        int maxEjectionPercent,
        int successRateMinimumHosts,
        int successRateRequestVolume,
        double successRateStdevFactor) {}
