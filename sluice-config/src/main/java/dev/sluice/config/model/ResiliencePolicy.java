package dev.sluice.config.model;

/**
 * How a cluster protects itself and its clients from failure: concurrency limits (circuit
 * breakers) and, when {@code retry} is set, retries of failed requests.
 *
 * @param breakers the cluster-wide concurrency limits; always present
 * @param retry the retry policy, or null for no retries
 */
public record ResiliencePolicy(CircuitBreakers breakers, RetryPolicy retry) {
    public static final ResiliencePolicy DEFAULT = new ResiliencePolicy(CircuitBreakers.DEFAULT, null);
}
