package dev.sluice.config.model;

import java.time.Duration;
import java.util.List;

/**
 * Active health checking of every endpoint of a cluster.
 *
 * @param type HTTP request or plain TCP connect
 * @param path the HTTP request target (HTTP only)
 * @param method the HTTP method (HTTP only)
 * @param host the Host header; null means the endpoint's address
 * @param expectedStatuses statuses that count as healthy (HTTP only)
 * @param interval time between two checks of one endpoint
 * @param intervalJitter up to this much is added at random to each interval
 * @param timeout a check with no answer after this long fails
 * @param healthyThreshold consecutive passes that return an unhealthy endpoint to rotation
 * @param unhealthyThreshold consecutive failures that take a healthy endpoint out
 */
public record HealthCheck(
        Type type,
        String path,
        String method,
        String host,
        List<StatusRange> expectedStatuses,
        Duration interval,
        Duration intervalJitter,
        Duration timeout,
        int healthyThreshold,
        int unhealthyThreshold) {

    public enum Type { HTTP, TCP }

    /** Inclusive range of HTTP statuses. */
    public record StatusRange(int from, int to) {
        public boolean contains(int status) {
            return status >= from && status <= to;
        }
    }

    public HealthCheck {
        expectedStatuses = expectedStatuses == null ? null : List.copyOf(expectedStatuses);
    }

    public boolean expects(int status) {
        for (StatusRange r : expectedStatuses) {
            if (r.contains(status)) {
                return true;
            }
        }
        return false;
    }
}
