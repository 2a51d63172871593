package dev.sluice.config.model;

/** A generic route: requests matching {@code match} go to {@code cluster}. */
public record Route(String name, RouteMatch match, String cluster) {}
