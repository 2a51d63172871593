package dev.sluice.proxy.health;

import dev.sluice.config.model.OutlierDetection;
import dev.sluice.proxy.upstream.UpstreamHost;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Passive outlier detection of one cluster. Consecutive-failure streaks are noticed by the
 * worker that records the failure, which hands the ejection to the health loop; every
 * {@code interval} the loop returns hosts whose ejection ran out, lets good behaviour decay the
 * ejection count, and applies the success-rate rule to the interval's traffic.
 */
final class OutlierDetector implements HostHealth.OutlierSink {
    private final ClusterHealth cluster;
    private final OutlierDetection config;
    private ScheduledFuture<?> tick;

    OutlierDetector(ClusterHealth cluster, OutlierDetection config) {
        this.cluster = cluster;
        this.config = config;
    }

    @Override
    public int consecutive5xx() {
        return config.consecutive5xx();
    }

    @Override
    public int consecutiveGatewayFailure() {
        return config.consecutiveGatewayFailure();
    }

    @Override
    public void streak(HostHealth host, EjectionReason reason) {
        EventLoop l = cluster.loop();
        if (l != null && !cluster.stopped()) {
            l.execute(() -> {
                if (eject(host, reason, System.nanoTime())) {
                    cluster.republish();
                }
            });
        }
    }

    void start(EventLoop loop) {
        long every = config.interval().toNanos();
        tick = loop.scheduleAtFixedRate(this::evaluate, every, every, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    /** One detection interval; on the health loop. */
    void evaluate() {
        if (cluster.stopped()) {
            return;
        }
        long now = System.nanoTime();
        boolean changed = false;
        List<HostHealth> judged = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (UpstreamHost h : cluster.hosts()) {
            HostHealth hh = h.health();
            long[] counts = hh.drainCounts();
            if (hh.ejected()) {
                if (now - hh.ejectedUntilNanos() >= 0) {
                    hh.uneject();
                    changed = true;
                }
                continue;
            }
            if (hh.ejections > 0) {
                hh.ejections--; // a quiet interval: the next ejection will be shorter
            }
            long volume = counts[0] + counts[1];
            if (volume >= config.successRateRequestVolume()) {
                judged.add(hh);
                rates.add(counts[0] * 100.0 / volume);
            }
        }
        if (judged.size() >= config.successRateMinimumHosts()) {
            double[] r = rates.stream().mapToDouble(Double::doubleValue).toArray();
            for (int i : SuccessRateEjection.outliers(r, config.successRateStdevFactor())) {
                changed |= eject(judged.get(i), EjectionReason.SUCCESS_RATE, now);
            }
        }
        if (changed) {
            cluster.republish();
        }
    }

    /** Ejects unless already out or the cluster is at its maximum ejection share; on the health loop. */
    boolean eject(HostHealth host, EjectionReason reason, long now) {
        if (cluster.stopped() || host.ejected()) {
            return false;
        }
        int total = cluster.hosts().size();
        int ejected = 0;
        for (UpstreamHost h : cluster.hosts()) {
            if (h.health().ejected()) {
                ejected++;
            }
        }
        // One host may always be ejected, as in Envoy; beyond that the share is a hard bound.
        if (ejected > 0 && (ejected + 1) * 100 > config.maxEjectionPercent() * total) {
            return false;
        }
        host.ejections++;
        host.eject(now + EjectionBackoff.nanos(config.baseEjectionTime(), config.maxEjectionTime(), host.ejections));
        cluster.stats().ejection(host.endpoint(), reason.label());
        return true;
    }
}
