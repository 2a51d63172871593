package dev.sluice.config.model;

import java.time.Duration;
import java.util.List;

/**
 * A set of endpoints with a policy: how to pick one, how to talk to it, how long to wait.
 *
 * @param responseTimeout time from the request's start until the upstream's response headers
 * @param streamIdleTimeout a stream with no bytes moving either way for this long is reset
 * @param idleTimeout an upstream connection unused for this long is closed
 * @param maxConnectionsPerWorker bound on HTTP/1.1 connections per endpoint per worker
 * @param maxRequestsPerConnection an upstream connection is closed after this many; 0 = no limit
 * @param dnsRefresh how often DNS names among the endpoints are resolved again
 * @param health active checks, outlier detection, panic threshold and priority spill-over
 * @param resilience circuit breakers and the retry policy
 */
public record Cluster(
        String name,
        List<Endpoint> endpoints,
        LbPolicy lbPolicy,
        UpstreamProtocol protocol,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration streamIdleTimeout,
        Duration idleTimeout,
        int maxConnectionsPerWorker,
        int maxRequestsPerConnection,
        Duration dnsRefresh,
        HealthPolicy health,
        ResiliencePolicy resilience) {

    public Cluster {
        endpoints = List.copyOf(endpoints);
        health = health == null ? HealthPolicy.DEFAULT : health;
        resilience = resilience == null ? ResiliencePolicy.DEFAULT : resilience;
    }
}
