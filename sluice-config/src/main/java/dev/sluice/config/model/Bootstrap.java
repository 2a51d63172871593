package dev.sluice.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one Sluice process: an immutable, validated snapshot.
 *
 * @param workers number of worker event loops; 0 means one per available core
 * @param drainTimeout how long in-flight requests may run after SIGTERM before the process exits
 */
public record Bootstrap(
        Admin admin,
        int workers,
        Duration drainTimeout,
        AccessLog accessLog,
        List<Listener> listeners,
        List<Cluster> clusters) {

    public Bootstrap {
        listeners = List.copyOf(listeners);
        clusters = List.copyOf(clusters);
    }

    public Optional<Cluster> cluster(String name) {
        for (Cluster c : clusters) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
