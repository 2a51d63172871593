package dev.sluice.config.model;

/** One upstream host. Weight is used by weighted algorithms; priority 0 is preferred. */
public record Endpoint(HostPort address, int weight, int priority) {}
