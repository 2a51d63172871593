package dev.sluice.proxy.http;

import java.util.random.RandomGenerator;

/**
 * Envoy's fully jittered exponential back-off: before retry n (1, 2, ...) wait a uniformly random
 * time in [0, min((2^n - 1) × base, max)]. Jitter spreads the retries of many requests that
 * failed together, so they do not hit the backend again as one wave.
 */
public final class RetryBackoff {
    private RetryBackoff() {}

    /** The wait before retry {@code retry} (1-based), in nanoseconds. */
    public static long delayNanos(int retry, long baseNanos, long maxNanos, RandomGenerator random) {
        long ceiling = ceilingNanos(retry, baseNanos, maxNanos);
        return ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
    }

    /** The upper bound of the wait before retry {@code retry}: (2^n - 1) × base, capped at max. */
    public static long ceilingNanos(int retry, long baseNanos, long maxNanos) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry: " + retry + " (expected: >= 1)");
        }
        int n = Math.min(retry, 62);
        long factor = (1L << n) - 1;
        if (baseNanos > 0 && factor > maxNanos / baseNanos) {
            return maxNanos;
        }
        return Math.min(maxNanos, factor * baseNanos);
    }
}
