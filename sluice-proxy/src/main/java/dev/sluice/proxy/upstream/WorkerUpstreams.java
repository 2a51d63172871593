package dev.sluice.proxy.upstream;

import dev.sluice.proxy.channel.FlushBatch;
import dev.sluice.proxy.stats.TargetCounters;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The upstream side of one worker event loop: a pool per cluster, reached only from that loop,
 * so the hot path takes no lock. Pools of clusters retired by a reload are closed on the next
 * sweep.
 */
public final class WorkerUpstreams {
    private final EventLoop loop;
    private final Map<ClusterRuntime, ClusterPool> pools = new IdentityHashMap<>();
    private final FlushBatch flushes;
    private final TargetCounters counters;

    public WorkerUpstreams(EventLoop loop, TargetCounters counters) {
        this.loop = loop;
        this.flushes = new FlushBatch(loop);
        this.counters = counters;
    }

    /** The request counters this worker writes (it alone: no locked adds). */
    public TargetCounters counters() {
        return counters;
    }

    /** The flushes this worker makes at the end of its current I/O batch. */
    public FlushBatch flushes() {
        return flushes;
    }

    public EventLoop loop() {
        return loop;
    }

    public ClusterPool pool(ClusterRuntime cluster) {
        ClusterPool p = pools.get(cluster);
        if (p == null) {
            p = new ClusterPool(cluster, loop);
            pools.put(cluster, p);
        }
        return p;
    }

    /** Closes the pools of retired clusters; runs on this worker's loop after each reload. */
    public void sweepRetired() {
        Iterator<Map.Entry<ClusterRuntime, ClusterPool>> it = pools.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<ClusterRuntime, ClusterPool> e = it.next();
            if (e.getKey().retired()) {
                e.getValue().retire();
                it.remove();
            }
        }
    }

    /** Open connections to {@code host} of {@code cluster} from this worker; for /clusters. */
    public int openConnections(ClusterRuntime cluster, UpstreamHost host) {
        ClusterPool p = pools.get(cluster);
        return p == null ? 0 : p.openConnections(host);
    }
}
