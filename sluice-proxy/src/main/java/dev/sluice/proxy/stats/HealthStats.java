package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;

/** Health metrics of one cluster: transitions, ejections, and how many hosts are in each state. */
public final class HealthStats {
    private final String cluster;
    private final Counter transitions;
    private final Counter ejections;
    private final Gauge hosts;
    private final Gauge panic;

    HealthStats(String cluster, Counter transitions, Counter ejections, Gauge hosts, Gauge panic) {
        this.cluster = cluster;
        this.transitions = transitions;
        this.ejections = ejections;
        this.hosts = hosts;
        this.panic = panic;
    }

    /** An active health check moved {@code endpoint} to {@code to} ("healthy" or "unhealthy"). */
    public void transition(String endpoint, String to) {
        transitions.labelValues(cluster, endpoint, to).inc();
    }

    public void ejection(String endpoint, String reason) {
        ejections.labelValues(cluster, endpoint, reason).inc();
    }

    public void hosts(int healthy, int unhealthy, int ejected, boolean inPanic) {
        hosts.labelValues(cluster, "healthy").set(healthy);
        hosts.labelValues(cluster, "unhealthy").set(unhealthy);
        hosts.labelValues(cluster, "ejected").set(ejected);
        panic.labelValues(cluster).set(inPanic ? 1 : 0);
    }
}
