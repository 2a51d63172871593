package dev.sluice.config.model;

/**
 * Envoy's circuit breakers: limits on concurrency across all workers of the process. A request
 * that would pass one is refused at once with 503 {@code circuit_breaker_open}.
 *
 * @param maxConnections open upstream connections to the whole cluster
 * @param maxPendingRequests requests waiting for an upstream connection
 * @param maxRequests requests in flight to the cluster
 * @param maxRetries retries in flight to the cluster (when no retry budget is set)
 */
public record CircuitBreakers(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
    /** Envoy's defaults: 1024 each. */
    public static final int DEFAULT_LIMIT = 1024;
    public static final CircuitBreakers DEFAULT =
            new CircuitBreakers(DEFAULT_LIMIT, DEFAULT_LIMIT, DEFAULT_LIMIT, DEFAULT_LIMIT);
}
