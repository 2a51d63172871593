package dev.sluice.config.model;

/**
 * Envoy's routing priority: which set of a cluster's circuit-breaker limits a request counts
 * against. High-priority traffic (say, the tenants whose writes must never be refused) gets
 * limits of its own, so a flood of default traffic cannot use them up.
 */
public enum RoutingPriority { DEFAULT, HIGH }
