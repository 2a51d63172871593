package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Least request, as Envoy does it, reading {@link UpstreamHost#activeRequests()} (in flight
 * from every worker).
 *
 * <p>Equal weights: power of two choices. Sample {@code choices} distinct hosts at random and
 * take the one with the fewest active requests (ties go to the first sampled, so they stay
 * random). Sampling, rather than scanning for the global minimum, keeps a pick O(1) and stops
 * every worker from piling onto the same idle host between two counter updates.
 *
 * <p>Unequal weights: earliest-deadline-first over effective weights, recomputed for a host
 * each time it is picked: {@code weight / (active + 1)^bias} (bias 1.0 by default; 0 makes it
 * plain weighted round robin). An idle cluster gets shares proportional to weight; a host that
 * accumulates requests is picked less often until it drains. The schedule (a heap of
 * deadlines) is per worker, so this variant is O(log hosts) per pick.
 */
public final class LeastRequestBalancer implements LoadBalancer {
    private final UpstreamHost[] hosts;
    private final int choices;
    private final double bias;
    /** Null when weights are equal (two choices); else the EDF schedule of this worker. */
    private final EdfSchedule edf;
    /** Scratch for more than two choices; the balancer is thread-confined. */
    private final int[] drawn;

    public LeastRequestBalancer(List<UpstreamHost> hostList, int choices, double activeRequestBias) {
        if (choices < 2) {
            throw new IllegalArgumentException("choices: " + choices + " (expected: >= 2)");
        }
        if (!(activeRequestBias >= 0) || Double.isInfinite(activeRequestBias)) {
            throw new IllegalArgumentException(
                    "activeRequestBias: " + activeRequestBias + " (expected: finite and >= 0)");
        }
        this.hosts = hostList.toArray(new UpstreamHost[0]);
        this.choices = choices;
        this.bias = activeRequestBias;
        boolean equal = true;
        for (UpstreamHost h : hosts) {
            equal &= h.weight() == hosts[0].weight();
        }
        this.edf = equal ? null : new EdfSchedule(hosts.length);
        this.drawn = new int[choices];
    }

    public LeastRequestBalancer(List<UpstreamHost> hosts) {
        this(hosts, LbOptions.DEFAULT_LEAST_REQUEST_CHOICES, LbOptions.DEFAULT_ACTIVE_REQUEST_BIAS);
    }

    /** One balancer per worker: the weighted variant keeps a schedule per worker. */
    public static LoadBalancerFactory factory(int choices, double activeRequestBias) {
        return hosts -> new LeastRequestBalancer(hosts, choices, activeRequestBias);
    }

    @Override
    public UpstreamHost pick(PickContext context) {
        UpstreamHost[] h = hosts;
        if (h.length == 0) {
            return null;
        }
        if (h.length == 1) {
            return h[0];
        }
        return edf == null ? pickOfChoices(context.avoid()) : pickEarliestDeadline(context.avoid());
    }

    private UpstreamHost pickOfChoices(UpstreamHost avoid) {
        UpstreamHost[] h = hosts;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = h.length;
        if (choices >= n) {
            // Sampling as many as there are hosts: look at all of them, from a random start.
            int start = random.nextInt(n);
            UpstreamHost best = null;
            for (int k = 0; k < n; k++) {
                best = better(best, h[(start + k) % n], avoid);
            }
            return best;
        }
        int first = random.nextInt(n);
        int second = random.nextInt(n - 1);
        if (second >= first) {
            second++;
        }
        UpstreamHost best = better(h[first], h[second], avoid);
        if (choices > 2) {
            best = moreChoices(best, first, second, avoid, random);
        }
        return best;
    }

    /** Choices beyond two, drawn distinct from each other by rejection (choices is small). */
    private UpstreamHost moreChoices(UpstreamHost best, int first, int second, UpstreamHost avoid,
            ThreadLocalRandom random) {
        int[] drawn = this.drawn;
        drawn[0] = first;
        drawn[1] = second;
        for (int c = 2; c < choices; c++) {
            int candidate;
            boolean seen;
            do {
                candidate = random.nextInt(hosts.length);
                seen = false;
                for (int k = 0; k < c; k++) {
                    seen |= drawn[k] == candidate;
                }
            } while (seen);
            drawn[c] = candidate;
            best = better(best, hosts[candidate], avoid);
        }
        return best;
    }

    /** The less loaded of the two; the avoided host loses to any other; a tie keeps {@code a}. */
    private static UpstreamHost better(UpstreamHost a, UpstreamHost b, UpstreamHost avoid) {
        if (a == null || a == avoid) {
            return b;
        }
        if (b == avoid) {
            return a;
        }
        return b.activeRequests() < a.activeRequests() ? b : a;
    }

    private UpstreamHost pickEarliestDeadline(UpstreamHost avoid) {
        EdfSchedule s = edf;
        int slot = 0;
        if (hosts[s.hostAt(0)] == avoid) {
            // Leave the avoided host's deadline where it is and serve the next one in line.
            slot = s.secondSlot();
        }
        UpstreamHost chosen = hosts[s.hostAt(slot)];
        s.postpone(slot, 1.0 / effectiveWeight(chosen));
        return chosen;
    }

    private double effectiveWeight(UpstreamHost host) {
        double weight = host.weight();
        if (bias == 0) {
            return weight;
        }
        double load = host.activeRequests() + 1.0;
        return bias == 1.0 ? weight / load : weight / Math.pow(load, bias);
    }

    /**
     * A binary min-heap of hosts ordered by (deadline, sequence number): the host with the
     * earliest deadline is served next, and its deadline then advances by 1 / effective weight.
     * The sequence number breaks ties in the order hosts were scheduled. Entries are stored by
     * heap position, not by host, so a sift reads neighbouring array slots. Each worker's
     * schedule starts at a random phase so workers do not serve the hosts in lockstep.
     */
    private final class EdfSchedule {
        private final int[] host;
        private final double[] deadline;
        private final long[] sequence;
        private long nextSequence;

        EdfSchedule(int n) {
            host = new int[n];
            deadline = new double[n];
            sequence = new long[n];
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < n; i++) {
                host[i] = i;
                deadline[i] = random.nextDouble() / hosts[i].weight();
                sequence[i] = nextSequence++;
            }
            for (int k = n / 2 - 1; k >= 0; k--) {
                siftDown(k);
            }
        }

        int hostAt(int slot) {
            return host[slot];
        }

        /** The slot served next if the root were not there (needs two or more hosts). */
        int secondSlot() {
            return host.length == 2 || earlier(1, 2) ? 1 : 2;
        }

        /** Pushes the deadline of the host in {@code slot} back by {@code delay}. */
        void postpone(int slot, double delay) {
            deadline[slot] += delay;
            sequence[slot] = nextSequence++;
            siftDown(slot);
        }

        private boolean earlier(int a, int b) {
            return deadline[a] < deadline[b] || (deadline[a] == deadline[b] && sequence[a] < sequence[b]);
        }

        private void siftDown(int k) {
            int n = host.length;
            while (true) {
                int child = 2 * k + 1;
                if (child >= n) {
                    return;
                }
                if (child + 1 < n && earlier(child + 1, child)) {
                    child++;
                }
                if (!earlier(child, k)) {
                    return;
                }
                swap(k, child);
                k = child;
            }
        }

        private void swap(int a, int b) {
            int h = host[a];
            host[a] = host[b];
            host[b] = h;
            double d = deadline[a];
            deadline[a] = deadline[b];
            deadline[b] = d;
            long q = sequence[a];
            sequence[a] = sequence[b];
            sequence[b] = q;
        }
    }
}
