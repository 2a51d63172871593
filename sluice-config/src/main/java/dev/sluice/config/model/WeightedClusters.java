package dev.sluice.config.model;

import java.util.List;

/**
 * Traffic split over several clusters by weight: each request goes to one of them, chosen at
 * random with probability weight / total (a canary at 5 next to 95).
 */
public record WeightedClusters(List<ClusterWeight> clusters) {
    public WeightedClusters {
        clusters = List.copyOf(clusters);
    }

    /** One cluster of a split and its share. */
    public record ClusterWeight(String cluster, int weight) {}
}
