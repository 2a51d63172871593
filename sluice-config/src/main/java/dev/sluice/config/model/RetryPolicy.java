package dev.sluice.config.model;

import java.time.Duration;
import java.util.Set;

/**
 * When and how a failed try is tried again.
 *
 * @param retryOn the conditions that make a try worth repeating
 * @param numRetries retries after the first try
 * @param perTryTimeout time a try may take to response headers; null: only the cluster's response_timeout
 * @param retriableStatusCodes statuses retried under {@link RetryOn#RETRIABLE_STATUS_CODES}
 * @param baseInterval the back-off base: try n waits a random time up to (2^n - 1) × base
 * @param maxInterval the back-off cap
 * @param budget the retry budget, or null to limit retries only by the max_retries breaker
 * @param maxReplayBytes a request whose body is longer than this is never retried
 */
public record RetryPolicy(
        Set<RetryOn> retryOn,
        int numRetries,
        Duration perTryTimeout,
        Set<Integer> retriableStatusCodes,
        Duration baseInterval,
        Duration maxInterval,
        RetryBudget budget,
        long maxReplayBytes) {
    public static final int DEFAULT_NUM_RETRIES = 1;
    public static final Duration DEFAULT_BASE_INTERVAL = Duration.ofMillis(25);
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMillis(250);
    public static final long DEFAULT_MAX_REPLAY_BYTES = 64 * 1024;

    public RetryPolicy {
        retryOn = Set.copyOf(retryOn);
        retriableStatusCodes = Set.copyOf(retriableStatusCodes);
    }
}
