package dev.sluice.config.model;

/**
 * Caps retries in flight at a share of the requests in flight, so that a failing cluster sees
 * at most about {@code 1 + budgetPercent/100} times the offered load.
 *
 * @param budgetPercent retries in flight may be at most this percent of active requests
 * @param minRetryConcurrency retries in flight always allowed, whatever the active requests
 */
public record RetryBudget(double budgetPercent, int minRetryConcurrency) {
    public static final double DEFAULT_PERCENT = 20.0;
    public static final int DEFAULT_MIN_RETRY_CONCURRENCY = 3;
}
