package dev.sluice.config;

import dev.sluice.config.model.Bootstrap;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a Sluice config from YAML: parse, bind, validate, and either a valid {@link Bootstrap}
 * or a {@link ConfigException} listing every problem with its path and line.
 *
 * <p>It reads SnakeYAML's node tree rather than mapping YAML onto classes, because the node
 * tree keeps each value's line: that is what lets every error point at the line to fix.
 */
public final class ConfigLoader {
    /**
     * Code points a config may have. SnakeYAML's default (3 MiB) is too small for a tier with
     * 100,000 tenants; this is far above any real config and still bounds memory.
     */
    static final int MAX_CODE_POINTS = 256 * 1024 * 1024;

    /** A binding error here leaves a cluster without its name. */
    private static final Pattern CLUSTER_NAME_PATH = Pattern.compile("clusters(\\[\\d+](\\.name)?)?");

    private static final Comparator<ConfigError> BY_LINE =
            Comparator.comparingInt(e -> e.line() == 0 ? Integer.MAX_VALUE : e.line());

    private ConfigLoader() {}

    /** Loads and validates the YAML file at {@code file}. */
    public static Bootstrap load(Path file) throws ConfigException {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(source, "file not found");
        } catch (AccessDeniedException e) {
            throw single(source, "permission denied");
        } catch (CharacterCodingException e) {
            throw single(source, "not valid UTF-8");
        } catch (IOException e) {
            throw single(source, "cannot read: " + e.getMessage());
        }
        return parse(text, source);
    }

    /**
     * Parses and validates YAML text.
     *
     * @param sourceName where the text came from, for the exception message
     */
    public static Bootstrap parse(String yaml, String sourceName) throws ConfigException {
        Node root;
        try {
            root = yaml().compose(new StringReader(stripByteOrderMark(yaml)));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(sourceName, List.of(syntaxError(e)));
        } catch (YAMLException e) {
            // limits (size, aliases, nesting) surface without a mark
            throw single(sourceName, "YAML error: " + e.getMessage());
        }
        if (root == null) {
            throw single(sourceName, "the config is empty");
        }
        BindContext ctx = new BindContext();
        Bootstrap bootstrap = BootstrapBinder.bind(root, ctx);
        List<ConfigError> errors = new ArrayList<>(ctx.errors());
        if (bootstrap != null) {
            boolean allClustersKnown = ctx.errors().stream()
                    .noneMatch(e -> CLUSTER_NAME_PATH.matcher(e.path()).matches());
            for (ConfigError e : ConfigValidator.validate(bootstrap, ctx.sources(), allClustersKnown)) {
                if (!causedByBindingError(e, ctx.errors())) {
                    errors.add(e);
                }
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(BY_LINE);
            throw new ConfigException(sourceName, errors);
        }
        return bootstrap;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        // SnakeYAML's alias limit (50 aliases to collections) stays: it is what stops a
        // "billion laughs" document from expanding into gigabytes.
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(true);
        return new Yaml(options);
    }

    /**
     * A value that failed to bind is left empty or at its default; the validator then sees a
     * missing name or address there. That error at or below the binding error's path would only
     * repeat it.
     */
    private static boolean causedByBindingError(ConfigError e, List<ConfigError> bindingErrors) {
        for (ConfigError b : bindingErrors) {
            String p = b.path();
            if (e.path().equals(p) || e.path().startsWith(p + ".") || e.path().startsWith(p + "[")) {
                return true;
            }
        }
        return false;
    }

    private static ConfigError syntaxError(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder msg = new StringBuilder("YAML syntax error: ");
        if (e.getContext() != null) {
            msg.append(e.getContext()).append(": ");
        }
        msg.append(e.getProblem() == null ? "invalid YAML" : e.getProblem());
        if (mark != null) {
            msg.append(" at column ").append(mark.getColumn() + 1);
        }
        return new ConfigError("", mark == null ? 0 : mark.getLine() + 1, msg.toString());
    }

    private static ConfigException single(String source, String message) {
        return new ConfigException(source, List.of(new ConfigError("", 0, message)));
    }

    private static String stripByteOrderMark(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }
}
