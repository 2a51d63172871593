package dev.sluice.config.model;

/** Load-balancing algorithm of a cluster. */
public enum LbPolicy { ROUND_ROBIN, WEIGHTED_ROUND_ROBIN, RANDOM, LEAST_REQUEST, RING_HASH, MAGLEV }
