package dev.sluice.proxy.lb;

/**
 * Tuning of the load-balancing algorithms of one cluster. The defaults are Envoy's.
 *
 * @param ringPointsPerHost ring-hash points of the lightest host (heavier hosts get more in
 *     proportion); more points spread keys more evenly at the cost of memory and a deeper
 *     binary search. Not an Envoy setting: see {@link RingHashBalancer} for why
 * @param minRingSize fewest points of a ring-hash ring (Envoy's minimum_ring_size): small
 *     clusters get more points per host to reach it
 * @param maxRingSize most points of a ring-hash ring, whatever the weights ask for
 * @param maglevTableSize slots of a Maglev table; must be prime, and should be well above 100
 *     times the number of hosts for an even spread (a host set larger than the table leaves
 *     some hosts without a slot)
 * @param leastRequestChoices hosts sampled per least-request pick (power of two choices: 2)
 * @param activeRequestBias how strongly in-flight requests lower a host's weight in weighted
 *     least request: effective weight = weight / (active + 1)^bias; 0 ignores load
 */
public record LbOptions(
        int ringPointsPerHost,
        int minRingSize,
        int maxRingSize,
        int maglevTableSize,
        int leastRequestChoices,
        double activeRequestBias) {

    public static final int DEFAULT_RING_POINTS_PER_HOST = 160;
    public static final int DEFAULT_MIN_RING_SIZE = 1024;
    public static final int DEFAULT_MAX_RING_SIZE = 8 * 1024 * 1024;
    public static final int DEFAULT_MAGLEV_TABLE_SIZE = 65537;
    public static final int DEFAULT_LEAST_REQUEST_CHOICES = 2;
    public static final double DEFAULT_ACTIVE_REQUEST_BIAS = 1.0;

    public static final LbOptions DEFAULTS = new LbOptions(
            DEFAULT_RING_POINTS_PER_HOST,
            DEFAULT_MIN_RING_SIZE,
            DEFAULT_MAX_RING_SIZE,
            DEFAULT_MAGLEV_TABLE_SIZE,
            DEFAULT_LEAST_REQUEST_CHOICES,
            DEFAULT_ACTIVE_REQUEST_BIAS);

    public LbOptions {
        if (ringPointsPerHost < 1) {
            throw new IllegalArgumentException("ringPointsPerHost: " + ringPointsPerHost + " (expected: >= 1)");
        }
        if (minRingSize < 1) {
            throw new IllegalArgumentException("minRingSize: " + minRingSize + " (expected: >= 1)");
        }
        if (maxRingSize < minRingSize) {
            throw new IllegalArgumentException(
                    "maxRingSize: " + maxRingSize + " (expected: >= minRingSize " + minRingSize + ")");
        }
        if (maglevTableSize < 2 || !isPrime(maglevTableSize)) {
            throw new IllegalArgumentException(
                    "maglevTableSize: " + maglevTableSize + " (expected: a prime)");
        }
        if (leastRequestChoices < 2) {
            throw new IllegalArgumentException(
                    "leastRequestChoices: " + leastRequestChoices + " (expected: >= 2)");
        }
        if (!(activeRequestBias >= 0) || Double.isInfinite(activeRequestBias)) {
            throw new IllegalArgumentException(
                    "activeRequestBias: " + activeRequestBias + " (expected: finite and >= 0)");
        }
    }

    public LbOptions withRing(int pointsPerHost, int minSize, int maxSize) {
        return new LbOptions(pointsPerHost, minSize, maxSize, maglevTableSize,
                leastRequestChoices, activeRequestBias);
    }

    public LbOptions withMaglevTableSize(int size) {
        return new LbOptions(ringPointsPerHost, minRingSize, maxRingSize, size,
                leastRequestChoices, activeRequestBias);
    }

    public LbOptions withLeastRequest(int choices, double bias) {
        return new LbOptions(ringPointsPerHost, minRingSize, maxRingSize, maglevTableSize,
                choices, bias);
    }

    static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
