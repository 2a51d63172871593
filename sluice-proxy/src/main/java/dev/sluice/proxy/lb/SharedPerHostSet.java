package dev.sluice.proxy.lb;

import dev.sluice.proxy.upstream.UpstreamHost;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a value (a hash ring, a Maglev table, a schedule) once per host set and hands the same
 * instance to every worker that asks for that set. Each worker calls its cluster's factory with
 * the host set it was given, usually from its own thread; the first caller builds, the others
 * find the set equal (same hosts, same order, compared by identity) and reuse the result.
 *
 * <p>Two workers racing on a new set may both build; the tables are deterministic functions of
 * the host list, so either result is correct and the loser is garbage. That is cheaper than a
 * lock that every worker would take on every host-set change.
 */
final class SharedPerHostSet<T> {
    private record Built<T>(List<UpstreamHost> hosts, T value) {}

    private final Function<List<UpstreamHost>, T> builder;
    private volatile Built<T> last;

    SharedPerHostSet(Function<List<UpstreamHost>, T> builder) {
        this.builder = builder;
    }

    T get(List<UpstreamHost> hosts) {
        Built<T> b = last;
        if (b != null && b.hosts().equals(hosts)) {
            return b.value();
        }
        // Copy first: the caller may reuse its list, and the comparison above must see the set
        // the value was built from.
        List<UpstreamHost> snapshot = List.copyOf(hosts);
        T value = builder.apply(snapshot);
        last = new Built<>(snapshot, value);
        return value;
    }
}
