package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/** Connection and stream gauges of one listener. */
public record ListenerStats(
        GaugeDataPoint activeConnections,
        CounterDataPoint connections,
        GaugeDataPoint activeStreams,
        String listener,
        ProxyStats stats) {

    public void localReply(String causeCode) {
        stats.localReply(listener, causeCode).inc();
    }
}
