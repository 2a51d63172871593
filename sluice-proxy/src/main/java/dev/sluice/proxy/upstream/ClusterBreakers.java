package dev.sluice.proxy.upstream;

import dev.sluice.config.model.CircuitBreakers;
import dev.sluice.config.model.RetryBudget;
import dev.sluice.config.model.RetryPolicy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The circuit breakers of one cluster, as Envoy has them: concurrency counters shared by every
 * worker, so a limit holds for the whole process, not per loop. These atomics are the only
 * cross-worker state on the request path; each is touched once when a request (or connection,
 * or retry) starts and once when it ends. A try-acquire that passes a limit is undone at once,
 * so a counter overshoots its limit only for the instant between the two operations.
 */
public final class ClusterBreakers {
    /** The cause a pool reports with an overflow when the cluster's max_connections refused it. */
    public static final Throwable CONNECTIONS_OVERFLOW = new StacklessOverflow();

    private final CircuitBreakers limits;
    private final RetryBudget budget;
    private final String labelPrefix;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final AtomicInteger pendingRequests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger activeRetries = new AtomicInteger();

    public ClusterBreakers(CircuitBreakers limits, RetryPolicy retry) {
        this(limits, retry, "");
    }

    /** {@code labelPrefix} names these limits in stats: "" for the default set, "high_priority.". */
    public ClusterBreakers(CircuitBreakers limits, RetryPolicy retry, String labelPrefix) {
        this.limits = limits;
        this.budget = retry == null ? null : retry.budget();
        this.labelPrefix = labelPrefix;
    }

    /** The stats label of one of these breakers, as its YAML path under circuit_breakers reads. */
    public String label(String breaker) {
        return labelPrefix.isEmpty() ? breaker : labelPrefix + breaker;
    }

    public boolean tryStartRequest() {
        return tryAcquire(activeRequests, limits.maxRequests());
    }

    public void requestFinished() {
        activeRequests.decrementAndGet();
    }

    public boolean tryStartPending() {
        return tryAcquire(pendingRequests, limits.maxPendingRequests());
    }

    public void pendingFinished() {
        pendingRequests.decrementAndGet();
    }

    public boolean tryOpenConnection() {
        return tryAcquire(connections, limits.maxConnections());
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /**
     * Takes a retry slot: under a budget, while retries in flight stay within its share of the
     * requests in flight; without one, within max_retries.
     */
    public boolean tryStartRetry() {
        int limit = budget == null ? limits.maxRetries()
                : retryLimit(budget.budgetPercent(), budget.minRetryConcurrency(), activeRequests.get());
        return tryAcquire(activeRetries, limit);
    }

    public void retryFinished() {
        activeRetries.decrementAndGet();
    }

    /** Whether retries are limited by a budget (else by the max_retries breaker). */
    public boolean budgeted() {
        return budget != null;
    }

    /**
     * Retries allowed in flight: {@code percent} of the active requests, rounded down, but never
     * fewer than {@code min}. Active requests include those being retried, so with a budget of
     * p % at most p % of the tries in flight are retries: the cluster sees at most 1 / (1 - p)
     * times the offered load (1.25 for 20 %), whatever the number of retries per request.
     */
    public static int retryLimit(double percent, int min, int activeRequests) {
        return Math.max(min, (int) (percent * activeRequests / 100.0));
    }

    public int activeRequests() {
        return activeRequests.get();
    }

    public int activeRetries() {
        return activeRetries.get();
    }

    public int pendingRequests() {
        return pendingRequests.get();
    }

    public int connections() {
        return connections.get();
    }

    private static boolean tryAcquire(AtomicInteger counter, int limit) {
        if (counter.incrementAndGet() > limit) {
            counter.decrementAndGet();
            return false;
        }
        return true;
    }

    private static final class StacklessOverflow extends RuntimeException {
        StacklessOverflow() {
            super("the cluster's max_connections circuit breaker is open", null, false, false);
        }
    }
}
