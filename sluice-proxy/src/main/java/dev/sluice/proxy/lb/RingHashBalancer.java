package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Consistent hashing on a ring, ketama style. Each host is placed on the ring at the XXH64
 * hashes of {@code "<host:port>_<n>"}, n = 0, 1, ...; a request goes to the owner of the first
 * point at or after its {@link PickContext#hash()}, wrapping around. The ring depends only on
 * the hosts' addresses and weights, so every worker, every rebuild and every proxy replica with
 * the same host set sends a key to the same host.
 *
 * <p>Points per host: the lightest host gets {@code pointsPerHost} (ketama's 160 by default),
 * a heavier one proportionally more ({@code pointsPerHost × weight / lightest weight}), so a
 * host's points depend on its own weight, not on how many hosts there are. Adding or removing
 * one host of N then moves exactly the keys of the arcs it gains or loses, about 1/N of them.
 * (Envoy instead divides a fixed ring among the hosts; every membership change rescales every
 * host's points, and we measured up to 2.7/N of the keys moving.) Two bounds override that:
 * a ring smaller than {@code minRingSize} is scaled up (only small clusters: 160 × 7 hosts
 * already exceed 1024; there a change moves up to about 2/N) and a ring larger than
 * {@code maxRingSize} is scaled down. A host's share of keys varies by about
 * 1/sqrt(its points), 8% at 160.
 *
 * <p>Without a hash in the context the pick is random, weighted by ring share. The ring is
 * immutable, so one instance serves all workers.
 */
public final class RingHashBalancer implements LoadBalancer {
    private final long[] points;
    private final UpstreamHost[] owners;
    private final int distinctHosts;
    /**
     * An index over the sorted points: bucket b (the top bits of a hash, in ring order) starts
     * at points[bucketStart[b]]. A lookup searches one bucket, a few points on one or two cache
     * lines, instead of binary searching a ring that at 1,000 hosts is 160,000 points (2 MiB)
     * and misses the cache at every step.
     */
    private final int[] bucketStart;
    private final int bucketShift;

    public RingHashBalancer(List<UpstreamHost> hosts, int pointsPerHost, int minRingSize, int maxRingSize) {
        if (pointsPerHost < 1) {
            throw new IllegalArgumentException("pointsPerHost: " + pointsPerHost + " (expected: >= 1)");
        }
        if (minRingSize < 1 || maxRingSize < minRingSize) {
            throw new IllegalArgumentException("ring size: min " + minRingSize + ", max " + maxRingSize
                    + " (expected: 1 <= min <= max)");
        }
        distinctHosts = (int) hosts.stream().distinct().count();
        if (hosts.isEmpty()) {
            points = new long[0];
            owners = new UpstreamHost[0];
            bucketStart = new int[3];
            bucketShift = 63;
            return;
        }
        long totalWeight = 0;
        int minWeight = Integer.MAX_VALUE;
        for (UpstreamHost h : hosts) {
            totalWeight += h.weight();
            minWeight = Math.min(minWeight, h.weight());
        }
        // Points per unit of "lightest weight": the ring holds about perLightest * relative
        // weight points, kept between the two bounds.
        double relativeWeight = (double) totalWeight / minWeight;
        double perLightest = Math.max(pointsPerHost, minRingSize / relativeWeight);
        perLightest = Math.min(perLightest, maxRingSize / relativeWeight);
        int[] pointsOf = new int[hosts.size()];
        long ringSize = 0;
        for (int i = 0; i < pointsOf.length; i++) {
            pointsOf[i] = (int) Math.max(1, Math.round(perLightest * hosts.get(i).weight() / minWeight));
            ringSize += pointsOf[i];
        }

        record Point(long hash, String key, UpstreamHost owner) {}
        Point[] ring = new Point[(int) ringSize];
        int count = 0;
        for (int i = 0; i < pointsOf.length; i++) {
            UpstreamHost h = hosts.get(i);
            String prefix = h.address().toString() + "_";
            for (int replica = 0; replica < pointsOf[i]; replica++) {
                String key = prefix + replica;
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                ring[count++] = new Point(Hashing.xxHash64(bytes, 0, bytes.length, 0), key, h);
            }
        }
        // Order by hash; the key decides between equal hashes so that the ring does not depend
        // on the order of the host list.
        Arrays.sort(ring, 0, count, Comparator.comparingLong(Point::hash).thenComparing(Point::key));
        points = new long[count];
        owners = new UpstreamHost[count];
        for (int i = 0; i < count; i++) {
            points[i] = ring[i].hash();
            owners[i] = ring[i].owner();
        }
        // About four points per bucket.
        int bucketBits = Math.max(1, 31 - Integer.numberOfLeadingZeros(Math.max(1, count / 4)));
        bucketShift = 64 - bucketBits;
        bucketStart = new int[(1 << bucketBits) + 1];
        int i = 0;
        for (int b = 0; b < bucketStart.length - 1; b++) {
            while (i < count && bucketOf(points[i]) < b) {
                i++;
            }
            bucketStart[b] = i;
        }
        bucketStart[bucketStart.length - 1] = count;
    }

    /** The bucket of a hash: its top bits, taken so that bucket order is the ring's order. */
    private int bucketOf(long hash) {
        // The ring is sorted as signed longs; flipping the sign bit makes that unsigned order.
        return (int) ((hash ^ Long.MIN_VALUE) >>> bucketShift);
    }

    public RingHashBalancer(List<UpstreamHost> hosts) {
        this(hosts, LbOptions.DEFAULT_RING_POINTS_PER_HOST, LbOptions.DEFAULT_MIN_RING_SIZE,
                LbOptions.DEFAULT_MAX_RING_SIZE);
    }

    /** One ring per host set, shared by all workers. */
    public static LoadBalancerFactory factory(int pointsPerHost, int minRingSize, int maxRingSize) {
        SharedPerHostSet<RingHashBalancer> rings = new SharedPerHostSet<>(
                hosts -> new RingHashBalancer(hosts, pointsPerHost, minRingSize, maxRingSize));
        return rings::get;
    }

    /** Points on the ring. */
    public int ringSize() {
        return points.length;
    }

    @Override
    public UpstreamHost pick(PickContext context) {
        long[] p = points;
        if (p.length == 0) {
            return null;
        }
        int i = context.hasHash() ? firstAtOrAfter(context.hash())
                : ThreadLocalRandom.current().nextInt(p.length);
        UpstreamHost chosen = owners[i];
        UpstreamHost avoid = context.avoid();
        if (chosen == avoid && distinctHosts > 1) {
            // The next host clockwise: where this key would go if the avoided host were gone.
            return RingSlots.nextOtherThan(owners, i, avoid);
        }
        return chosen;
    }

    private int firstAtOrAfter(long hash) {
        long[] p = points;
        int b = bucketOf(hash);
        // Points of earlier buckets are below hash, of later ones above: the answer is in
        // this bucket or is the first point after it.
        int lo = bucketStart[b];
        int hi = bucketStart[b + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (p[mid] < hash) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == p.length ? 0 : lo;
    }
}
