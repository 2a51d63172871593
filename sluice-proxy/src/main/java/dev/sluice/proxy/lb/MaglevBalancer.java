package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016): a lookup table of prime size M whose
 * slot {@code hash mod M} names the host. Each host has its own permutation of the slots,
 * {@code offset + j × skip (mod M)}, with offset and skip hashed from its address; hosts take
 * turns claiming the next free slot of their permutation until the table is full. Lookups are
 * one remainder and one array read, whatever the number of hosts, and the shares are even to
 * within one slot.
 *
 * <p>Weights: a host claims a slot on a turn only once its accumulated weight reaches the
 * largest weight, so slots are proportional to weight. Hosts take turns in address order, not
 * list order, so the table depends only on the host set; it is deterministic across workers,
 * rebuilds and proxy replicas. Changing one host of N moves a little more than 1/N of the keys:
 * unlike a ring, the slots of the other hosts also shift slightly (the paper trades that for
 * balance and speed).
 *
 * <p>Without a hash in the context the pick is a random slot, i.e. random weighted by share.
 * The table is immutable, so one instance serves all workers.
 */
public final class MaglevBalancer implements LoadBalancer {
    private static final long OFFSET_SEED = 0;
    private static final long SKIP_SEED = 0x4D61676C65764C42L;

    private final UpstreamHost[] table;
    private final int distinctHosts;

    public MaglevBalancer(List<UpstreamHost> hostList, int tableSize) {
        if (!LbOptions.isPrime(tableSize)) {
            throw new IllegalArgumentException("tableSize: " + tableSize + " (expected: a prime)");
        }
        distinctHosts = (int) hostList.stream().distinct().count();
        if (hostList.isEmpty()) {
            table = new UpstreamHost[0];
            return;
        }
        UpstreamHost[] hosts = hostList.toArray(new UpstreamHost[0]);
        Arrays.sort(hosts, Comparator.comparing((UpstreamHost h) -> h.address().toString()));
        int n = hosts.length;
        long[] nextSlot = new long[n];
        long[] skip = new long[n];
        int maxWeight = 0;
        for (int i = 0; i < n; i++) {
            byte[] name = hosts[i].address().toString().getBytes(StandardCharsets.UTF_8);
            nextSlot[i] = Long.remainderUnsigned(Hashing.xxHash64(name, 0, name.length, OFFSET_SEED), tableSize);
            skip[i] = Long.remainderUnsigned(Hashing.xxHash64(name, 0, name.length, SKIP_SEED), tableSize - 1) + 1;
            maxWeight = Math.max(maxWeight, hosts[i].weight());
        }
        UpstreamHost[] slots = new UpstreamHost[tableSize];
        long[] credit = new long[n];
        int filled = 0;
        while (filled < tableSize) {
            for (int i = 0; i < n && filled < tableSize; i++) {
                credit[i] += hosts[i].weight();
                if (credit[i] < maxWeight) {
                    continue;
                }
                credit[i] -= maxWeight;
                // M is prime and 0 < skip < M, so the permutation visits every slot: a free
                // one is always found.
                int slot;
                do {
                    slot = (int) nextSlot[i];
                    nextSlot[i] = (nextSlot[i] + skip[i]) % tableSize;
                } while (slots[slot] != null);
                slots[slot] = hosts[i];
                filled++;
            }
        }
        table = slots;
    }

    public MaglevBalancer(List<UpstreamHost> hosts) {
        this(hosts, LbOptions.DEFAULT_MAGLEV_TABLE_SIZE);
    }

    /** One table per host set, shared by all workers. */
    public static LoadBalancerFactory factory(int tableSize) {
        if (!LbOptions.isPrime(tableSize)) {
            throw new IllegalArgumentException("tableSize: " + tableSize + " (expected: a prime)");
        }
        SharedPerHostSet<MaglevBalancer> tables =
                new SharedPerHostSet<>(hosts -> new MaglevBalancer(hosts, tableSize));
        return tables::get;
    }

    /** Slots of the table held by {@code host}. */
    public int slotsOf(UpstreamHost host) {
        int count = 0;
        for (UpstreamHost h : table) {
            count += h == host ? 1 : 0;
        }
        return count;
    }

    @Override
    public UpstreamHost pick(PickContext context) {
        UpstreamHost[] t = table;
        if (t.length == 0) {
            return null;
        }
        int i = context.hasHash() ? (int) Long.remainderUnsigned(context.hash(), t.length)
                : ThreadLocalRandom.current().nextInt(t.length);
        UpstreamHost chosen = t[i];
        UpstreamHost avoid = context.avoid();
        if (chosen == avoid && distinctHosts > 1) {
            return RingSlots.nextOtherThan(t, i, avoid);
        }
        return chosen;
    }
}
