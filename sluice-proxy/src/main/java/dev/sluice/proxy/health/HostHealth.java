package dev.sluice.proxy.health;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health of one endpoint, shared by all workers. Workers only record outcomes (atomics);
 * every state change (active check verdicts, ejections) is made on the cluster's health loop
 * and published with volatile writes, then folded into a new {@link HostSet}.
 */
public final class HostHealth {
    /** Told when a host's consecutive-failure streak reaches a threshold; runs on a worker, must not block. */
    public interface OutlierSink {
        int consecutive5xx();

        int consecutiveGatewayFailure();

        void streak(HostHealth host, EjectionReason reason);
    }

    private final String endpoint;
    private volatile boolean activeHealthy = true;
    /** System.nanoTime() at which the current ejection ends; meaningful while {@link #ejected}. */
    private volatile long ejectedUntilNanos;
    private volatile boolean ejected;
    private final AtomicInteger consecutive5xx = new AtomicInteger();
    private final AtomicInteger consecutiveGateway = new AtomicInteger();
    private final AtomicInteger successes = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile OutlierSink sink;

    // Confined to the health loop.
    int ejections;
    int checkPasses;
    int checkFailures;

    public HostHealth(String endpoint) {
        this.endpoint = endpoint;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Whether the host may take traffic: passing active checks and not ejected. */
    public boolean available() {
        return activeHealthy && !ejected;
    }

    public boolean activeHealthy() {
        return activeHealthy;
    }

    public boolean ejected() {
        return ejected;
    }

    public long ejectedUntilNanos() {
        return ejectedUntilNanos;
    }

    /** Set once by the cluster before any worker sees the host; null leaves outlier detection off. */
    void sink(OutlierSink s) {
        this.sink = s;
    }

    // ---- recorded by workers -------------------------------------------------------------

    /** A response from the host with this status. */
    public void recordStatus(int status) {
        OutlierSink s = sink;
        if (s == null) {
            return;
        }
        if (status < 500) {
            successes.incrementAndGet();
            // Read first: a volatile store on every success would cost a fence and bounce the
            // cache line between workers, for streaks that are almost always already zero.
            if (consecutive5xx.get() != 0) {
                consecutive5xx.set(0);
            }
            if (consecutiveGateway.get() != 0) {
                consecutiveGateway.set(0);
            }
            return;
        }
        failures.incrementAndGet();
        if (consecutive5xx.incrementAndGet() == s.consecutive5xx()) {
            s.streak(this, EjectionReason.CONSECUTIVE_5XX);
        }
        if (status >= 502 && status <= 504) {
            if (consecutiveGateway.incrementAndGet() == s.consecutiveGatewayFailure()) {
                s.streak(this, EjectionReason.CONSECUTIVE_GATEWAY_FAILURE);
            }
        } else {
            consecutiveGateway.set(0);
        }
    }

    /** A connect failure, reset or timeout: counted as the 503 Sluice answers with. */
    public void recordGatewayFailure() {
        recordStatus(503);
    }

    // ---- changed on the health loop ------------------------------------------------------

    void activeHealthy(boolean healthy) {
        this.activeHealthy = healthy;
    }

    void eject(long untilNanos) {
        ejectedUntilNanos = untilNanos;
        ejected = true;
        consecutive5xx.set(0);
        consecutiveGateway.set(0);
    }

    void uneject() {
        ejected = false;
    }

    /** Successes and failures since the last call, then zero. */
    long[] drainCounts() {
        return new long[] {successes.getAndSet(0), failures.getAndSet(0)};
    }
}
