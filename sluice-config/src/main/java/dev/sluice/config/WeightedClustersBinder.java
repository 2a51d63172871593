package dev.sluice.config;

import dev.sluice.config.model.WeightedClusters;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Binds {@code weighted_clusters: [{cluster: NAME, weight: N}, ...]}. */
final class WeightedClustersBinder {
    static final String KEY = "weighted_clusters";
    private static final List<String> FIELDS = List.of("cluster", "weight");

    private WeightedClustersBinder() {}

    static WeightedClusters bind(Node node, String path, BindContext ctx) {
        List<Node> items = ctx.list(node, path);
        List<WeightedClusters.ClusterWeight> out = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            YamlMap m = ctx.map(items.get(i), path + "[" + i + "]", FIELDS);
            if (m != null) {
                out.add(new WeightedClusters.ClusterWeight(m.string("cluster"), m.integer("weight", 1)));
            }
        }
        return new WeightedClusters(out);
    }
}
