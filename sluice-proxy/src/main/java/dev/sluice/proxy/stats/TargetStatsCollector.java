package dev.sluice.proxy.stats;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Turns the counters of every {@link TargetStats} into Prometheus counters when scraped. */
final class TargetStatsCollector implements MultiCollector {
    private static final MetricMetadata REQUESTS = new MetricMetadata("sluice_requests",
            "Downstream requests by listener, cluster, tenant and status class (reset: no status sent)");
    private static final MetricMetadata BYTES_IN = new MetricMetadata("sluice_request_bytes",
            "Request body bytes received from clients");
    private static final MetricMetadata BYTES_OUT = new MetricMetadata("sluice_response_bytes",
            "Response body bytes sent to clients");

    private final Collection<TargetStats> all;

    TargetStatsCollector(Collection<TargetStats> all) {
        this.all = all;
    }

    @Override
    public MetricSnapshots collect() {
        List<CounterDataPointSnapshot> requests = new ArrayList<>();
        List<CounterDataPointSnapshot> in = new ArrayList<>();
        List<CounterDataPointSnapshot> out = new ArrayList<>();
        for (TargetStats c : all) {
            for (int cls = 0; cls < TargetStats.CLASS_LABELS.length; cls++) {
                long n = c.requests(cls);
                if (n > 0) {
                    requests.add(point(n, Labels.of("listener", c.listener, "cluster", c.cluster,
                            "tenant", c.tenant, "class", TargetStats.CLASS_LABELS[cls])));
                }
            }
            long bytesIn = c.bytesIn();
            if (bytesIn > 0) {
                in.add(point(bytesIn, Labels.of("listener", c.listener, "cluster", c.cluster, "tenant", c.tenant)));
            }
            long bytesOut = c.bytesOut();
            if (bytesOut > 0) {
                out.add(point(bytesOut, Labels.of("listener", c.listener, "cluster", c.cluster, "tenant", c.tenant)));
            }
        }
        return new MetricSnapshots(new CounterSnapshot(REQUESTS, requests), new CounterSnapshot(BYTES_IN, in),
                new CounterSnapshot(BYTES_OUT, out));
    }

    private static CounterDataPointSnapshot point(long value, Labels labels) {
        return new CounterDataPointSnapshot(value, labels, null, 0L);
    }
}
