package dev.sluice.proxy.health;

import java.time.Duration;

/**
 * How long an ejection lasts: the base time multiplied by how many times the host was ejected
 * recently, capped at the maximum. A host that keeps failing stays out longer each time; one
 * that behaves sees its count decay by one per detection interval (see {@link OutlierDetector}).
 */
public final class EjectionBackoff {
    private EjectionBackoff() {}

    /** @param ejections the ejection about to start, counted from 1 */
    public static long nanos(Duration base, Duration max, int ejections) {
        long baseNanos = base.toNanos();
        long cap = Math.max(baseNanos, max.toNanos());
        int n = Math.max(1, ejections);
        if (baseNanos > cap / n) {
            return cap;
        }
        return Math.min(cap, baseNanos * n);
    }
}
