package dev.sluice.config.model;

/**
 * How a cluster protects itself and its clients from failure: concurrency limits (circuit
 * breakers) and, when {@code retry} is set, retries of failed requests.
 *
 * @param breakers the cluster-wide concurrency limits; always present
 * @param retry the retry policy, or null for no retries
 * @param highPriorityBreakers the limits of requests routed with {@code priority: high}, kept
 *     apart from the default ones as Envoy keeps its per-priority thresholds
 */
public record ResiliencePolicy(CircuitBreakers breakers, RetryPolicy retry, CircuitBreakers highPriorityBreakers) {
    public static final ResiliencePolicy DEFAULT = new ResiliencePolicy(CircuitBreakers.DEFAULT, null);

    public ResiliencePolicy {
        highPriorityBreakers = highPriorityBreakers == null ? CircuitBreakers.DEFAULT : highPriorityBreakers;
    }

    public ResiliencePolicy(CircuitBreakers breakers, RetryPolicy retry) {
        this(breakers, retry, CircuitBreakers.DEFAULT);
    }

    /** The limits that requests of {@code priority} count against. */
    public CircuitBreakers breakers(RoutingPriority priority) {
        return priority == RoutingPriority.HIGH ? highPriorityBreakers : breakers;
    }
}
