package dev.sluice.config;

import dev.sluice.config.model.HostPort;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
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
        return read(key, null, ctx::string);
    }

    int integer(String key, int dflt) {
        return read(key, dflt, ctx::integer);
    }

    double decimal(String key, double dflt) {
        return read(key, dflt, ctx::decimal);
    }

    boolean bool(String key, boolean dflt) {
        return read(key, dflt, ctx::bool);
    }

    /** Null when absent; a Boolean field whose absence means something. */
    Boolean optionalBool(String key) {
        return read(key, null, ctx::bool);
    }

    Duration duration(String key, Duration dflt) {
        return read(key, dflt, ctx::duration);
    }

    int intSize(String key, int dflt) {
        return read(key, dflt, ctx::intSize);
    }

    long size(String key, long dflt) {
        return read(key, dflt, ctx::size);
    }

    HostPort hostPort(String key) {
        return read(key, null, ctx::hostPort);
    }

    /**
     * The value at {@code key} parsed by {@code parse} (which reports errors with the value's
     * path and returns null for a bad value), or {@code dflt} when absent or bad.
     */
    private <T> T read(String key, T dflt, BiFunction<Node, String, T> parse) {
        Node v = get(key);
        T t = v == null ? null : parse.apply(v, path(key));
        return t == null ? dflt : t;
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
