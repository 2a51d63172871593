package dev.sluice.config;

import dev.sluice.config.model.HostPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The state of one binding pass: the errors found so far and the line of every path seen. Its
 * converters report a problem and return null instead of throwing, so binding goes on and
 * every error in the file is found in one pass.
 */
final class BindContext {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    /**
     * Stands in for a regex that did not compile, so the validator does not also report the
     * matcher as empty. It never reaches a running proxy: binding errors reject the config.
     */
    static final Pattern INVALID_REGEX = Pattern.compile("(?!)");

    private final List<ConfigError> errors = new ArrayList<>();
    private final SourceMap sources = new SourceMap();

    List<ConfigError> errors() {
        return errors;
    }

    SourceMap sources() {
        return sources;
    }

    void error(String path, Node node, String message) {
        errors.add(new ConfigError(path, line(node), message));
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** {@code null}, {@code ~} and an empty value all mean "not given". */
    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    /** How a node looks, for "expected X, got Y" messages. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        String v = ((ScalarNode) node).getValue();
        return v.length() > 60 ? "'" + v.substring(0, 57) + "...'" : "'" + v + "'";
    }

    YamlMap map(Node node, String path, List<String> fields) {
        return YamlMap.of(this, node, path, fields);
    }

    /** The items of a list, each with its line recorded; null (reported) when not a list. */
    List<Node> list(Node node, String path) {
        if (!(node instanceof SequenceNode seq)) {
            error(path, node, "expected a list, got " + describe(node));
            return null;
        }
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            sources.record(path + "[" + i + "]", line(items.get(i)));
        }
        return items;
    }

    String string(Node node, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            error(path, node, "expected a string, got " + describe(node));
            return null;
        }
        return scalar.getValue();
    }

    Integer integer(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())
                || !INTEGER.matcher(scalar.getValue()).matches()) {
            error(path, node, "expected an integer, got " + describe(node));
            return null;
        }
        try {
            return Integer.parseInt(scalar.getValue());
        } catch (NumberFormatException e) {
            error(path, node, "integer " + scalar.getValue() + " is too large");
            return null;
        }
    }

    /** A number written as an integer or a decimal: {@code 2}, {@code 1.4}. */
    Double decimal(Node node, String path) {
        if (node instanceof ScalarNode scalar && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()))) {
            try {
                double d = Double.parseDouble(scalar.getValue());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(path, node, "expected a number, got " + describe(node));
        return null;
    }

    Boolean bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
            switch (scalar.getValue().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> {
                    return true;
                }
                case "false", "no", "off" -> {
                    return false;
                }
                default -> { }
            }
        }
        error(path, node, "expected true or false, got " + describe(node));
        return null;
    }

    Duration duration(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            error(path, node, e.getMessage());
            return null;
        }
    }

    Long size(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            error(path, node, e.getMessage());
            return null;
        }
    }

    /** A size that must fit an int (header and line limits). */
    Integer intSize(Node node, String path) {
        Long size = size(node, path);
        if (size != null && size > Integer.MAX_VALUE) {
            error(path, node, "size " + Sizes.format(size) + " is too large (at most " + Integer.MAX_VALUE + " bytes)");
            return null;
        }
        return size == null ? null : size.intValue();
    }

    HostPort hostPort(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        try {
            return HostPorts.parse(text);
        } catch (IllegalArgumentException e) {
            error(path, node, e.getMessage());
            return null;
        }
    }

    /** An enum written in lower-case snake: {@code weighted_round_robin} for WEIGHTED_ROUND_ROBIN. */
    <E extends Enum<E>> E enumValue(Node node, String path, Class<E> type, String what) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT);
            if (name.equals(text)) {
                return constant;
            }
            names.add(name);
        }
        error(path, node, "unknown " + what + " '" + text + "' (expected one of: " + String.join(", ", names) + ")");
        return null;
    }

    /** Method names, upper-cased; an explicitly empty list is refused because it reads as "none". */
    Set<String> methods(Node node, String path) {
        List<Node> items = list(node, path);
        if (items == null) {
            return Set.of();
        }
        if (items.isEmpty()) {
            error(path, node, "must not be empty (leave methods out to match any method)");
            return Set.of();
        }
        Set<String> methods = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String m = string(items.get(i), path + "[" + i + "]");
            if (m != null) {
                methods.add(m.toUpperCase(Locale.ROOT));
            }
        }
        return methods;
    }

    Pattern regex(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            error(path, node, "invalid regex '" + text + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
            return INVALID_REGEX;
        }
    }
}
