package dev.sluice.config;

import dev.sluice.config.model.HostPort;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A YAML mapping seen through its keys: unknown and duplicate keys are reported when it is
 * made, and every getter reports a wrong type against the key's path and line.
 */
final class YamlMap {
    /** Top-level keys with this prefix are ignored, so they can hold anchors to merge elsewhere. */
    static final String EXTENSION_PREFIX = "x-";
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final BindContext ctx;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries;

    private YamlMap(BindContext ctx, String path, Node node, Map<String, NodeTuple> entries) {
        this.ctx = ctx;
        this.path = path;
        this.node = node;
        this.entries = entries;
    }

    /**
     * @param fields the keys this mapping may have, or null for a map with free keys (tenants)
     * @return null, after reporting, when the node is not a mapping
     */
    static YamlMap of(BindContext ctx, Node node, String path, List<String> fields) {
        if (!(node instanceof MappingNode mapping)) {
            ctx.error(path, node, "expected a mapping, got " + BindContext.describe(node));
            return null;
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                ctx.error(path, keyNode, "keys must be plain strings, got " + BindContext.describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            if (path.isEmpty() && key.startsWith(EXTENSION_PREFIX)) {
                continue; // a place to keep YAML anchors, as in Docker Compose
            }
            String keyPath = child(path, key);
            NodeTuple first = entries.putIfAbsent(key, tuple);
            if (first != null) {
                ctx.error(keyPath, keyNode, "duplicate key (first at line " + BindContext.line(first.getKeyNode()) + ")");
            } else if (fields != null && !fields.contains(key)) {
                entries.remove(key);
                ctx.error(keyPath, keyNode, "unknown field" + Suggestions.hint(key, fields));
            } else {
                ctx.sources().record(keyPath, BindContext.line(keyNode));
            }
        }
        return new YamlMap(ctx, path, node, entries);
    }

    /** The path of a key below {@code parent}: {@code a.b}, or {@code a["x.y"]} for odd keys. */
    static String child(String parent, String key) {
        if (SIMPLE_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    String path(String key) {
        return child(path, key);
    }

    /** The value of {@code key}; null when absent or written as null. */
    Node get(String key) {
        NodeTuple t = entries.get(key);
        return t == null || BindContext.isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** Every entry in document order, for maps with free keys. */
    Map<String, NodeTuple> entries() {
        return entries;
    }

    String string(String key) {
        Node v = get(key);
        return v == null ? null : ctx.string(v, path(key));
    }

    int integer(String key, int dflt) {
        Node v = get(key);
        Integer i = v == null ? null : ctx.integer(v, path(key));
        return i == null ? dflt : i;
    }

    double decimal(String key, double dflt) {
        Node v = get(key);
        Double d = v == null ? null : ctx.decimal(v, path(key));
        return d == null ? dflt : d;
    }

    boolean bool(String key, boolean dflt) {
        Node v = get(key);
        Boolean b = v == null ? null : ctx.bool(v, path(key));
        return b == null ? dflt : b;
    }

    /** Null when absent; a Boolean field whose absence means something. */
    Boolean optionalBool(String key) {
        Node v = get(key);
        return v == null ? null : ctx.bool(v, path(key));
    }

    Duration duration(String key, Duration dflt) {
        Node v = get(key);
        Duration d = v == null ? null : ctx.duration(v, path(key));
        return d == null ? dflt : d;
    }

    int intSize(String key, int dflt) {
        Node v = get(key);
        Integer s = v == null ? null : ctx.intSize(v, path(key));
        return s == null ? dflt : s;
    }

    long size(String key, long dflt) {
        Node v = get(key);
        Long s = v == null ? null : ctx.size(v, path(key));
        return s == null ? dflt : s;
    }

    HostPort hostPort(String key) {
        Node v = get(key);
        return v == null ? null : ctx.hostPort(v, path(key));
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E dflt) {
        Node v = get(key);
        E e = v == null ? null : ctx.enumValue(v, path(key), type, key);
        return e == null ? dflt : e;
    }

    Pattern regex(String key) {
        Node v = get(key);
        return v == null ? null : ctx.regex(v, path(key));
    }
}
