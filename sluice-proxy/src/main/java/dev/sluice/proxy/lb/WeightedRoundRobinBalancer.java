package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Smooth weighted round robin, as nginx does it: every pick adds each host's weight to its
 * running credit, takes the host with the most credit (the first on a tie) and takes the total
 * weight back from it. Picks interleave instead of arriving in bursts: weights 5, 1, 1 give
 * {@code a a b a c a a}, not {@code a a a a a b c}. Over every run of W picks (W = the sum of
 * the weights, reduced by their common divisor) each host is picked exactly weight times and
 * the credits are back at zero, so the sequence has period W.
 *
 * <p>That period is what makes picks cheap: when it is short enough the shared plan holds the
 * whole sequence and a pick is one array read; each worker starts at a random point of it, so
 * workers do not all begin on the same host. Otherwise (a very long period) each worker runs
 * the credit loop itself, O(hosts) per pick.
 */
public final class WeightedRoundRobinBalancer implements LoadBalancer {
    /** Longest sequence kept precomputed: 64K references, 256 KiB with compressed oops. */
    static final int MAX_SCHEDULE_LENGTH = 1 << 16;
    /** Upper bound on the work (period × hosts) of precomputing a sequence on a host-set change. */
    private static final long MAX_SCHEDULE_BUILD_STEPS = 1L << 25;

    /** What workers share for one host set: the hosts, their reduced weights, maybe the sequence. */
    static final class Plan {
        final UpstreamHost[] hosts;
        final int[] weights;
        final long period;
        /** The picks of one period from zero credit, or null when that is too long to keep. */
        final UpstreamHost[] sequence;

        Plan(List<UpstreamHost> hostList, int maxSequenceLength) {
            hosts = hostList.toArray(new UpstreamHost[0]);
            weights = new int[hosts.length];
            int gcd = 0;
            for (UpstreamHost h : hosts) {
                gcd = gcd(gcd, h.weight());
            }
            long total = 0;
            for (int i = 0; i < hosts.length; i++) {
                weights[i] = hosts[i].weight() / gcd;
                total += weights[i];
            }
            period = total;
            boolean keep = total > 0 && total <= maxSequenceLength
                    && total * hosts.length <= MAX_SCHEDULE_BUILD_STEPS;
            if (keep) {
                sequence = new UpstreamHost[(int) total];
                long[] credit = new long[hosts.length];
                for (int t = 0; t < sequence.length; t++) {
                    sequence[t] = hosts[smoothStep(weights, credit, hosts, null)];
                }
            } else {
                sequence = null;
            }
        }

        private static int gcd(int a, int b) {
            while (b != 0) {
                int r = a % b;
                a = b;
                b = r;
            }
            return a;
        }
    }

    private final Plan plan;
    /** Next index into plan.sequence, when there is one. */
    private int cursor;
    /** Running credit per host, when there is no precomputed sequence. */
    private final long[] credit;

    /** A balancer of its own (nothing shared), starting at the first pick of the sequence. */
    public WeightedRoundRobinBalancer(List<UpstreamHost> hosts) {
        this(new Plan(hosts, MAX_SCHEDULE_LENGTH), 0);
    }

    WeightedRoundRobinBalancer(Plan plan, long start) {
        this.plan = plan;
        if (plan.sequence != null) {
            this.cursor = (int) (start % plan.sequence.length);
            this.credit = null;
        } else {
            this.credit = new long[plan.hosts.length];
        }
    }

    /** Workers share one plan per host set and start at random points of its sequence. */
    public static LoadBalancerFactory factory() {
        SharedPerHostSet<Plan> plans = new SharedPerHostSet<>(h -> new Plan(h, MAX_SCHEDULE_LENGTH));
        return hosts -> {
            Plan plan = plans.get(hosts);
            long start = plan.period == 0 ? 0 : ThreadLocalRandom.current().nextLong(plan.period);
            return new WeightedRoundRobinBalancer(plan, start);
        };
    }

    @Override
    public UpstreamHost pick(PickContext context) {
        UpstreamHost[] hosts = plan.hosts;
        if (hosts.length == 0) {
            return null;
        }
        UpstreamHost avoid = hosts.length > 1 ? context.avoid() : null;
        UpstreamHost[] sequence = plan.sequence;
        if (sequence == null) {
            return hosts[smoothStep(plan.weights, credit, hosts, avoid)];
        }
        int c = cursor;
        UpstreamHost chosen = sequence[c];
        c = c + 1 == sequence.length ? 0 : c + 1;
        if (chosen == avoid) {
            // Take the next different host of the sequence: the avoided host loses this turn,
            // which is right, as the retry went elsewhere.
            for (int n = 0; n < sequence.length && sequence[c] == avoid; n++) {
                c = c + 1 == sequence.length ? 0 : c + 1;
            }
            chosen = sequence[c];
            c = c + 1 == sequence.length ? 0 : c + 1;
        }
        cursor = c;
        return chosen;
    }

    /**
     * One step of smooth weighted round robin over all hosts but {@code skip} (nginx leaves a
     * host it already tried out of the step the same way): returns the chosen index.
     */
    private static int smoothStep(int[] weights, long[] credit, UpstreamHost[] hosts, UpstreamHost skip) {
        int best = -1;
        long total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (hosts[i] == skip) {
                continue;
            }
            credit[i] += weights[i];
            total += weights[i];
            if (best < 0 || credit[i] > credit[best]) {
                best = i;
            }
        }
        if (best < 0) {
            // Every entry is the skipped host (the same host listed twice): it is all there is.
            return 0;
        }
        credit[best] -= total;
        return best;
    }
}
