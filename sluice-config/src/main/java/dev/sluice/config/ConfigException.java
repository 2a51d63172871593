package dev.sluice.config;

import java.util.List;

/**
 * A configuration was rejected. It carries every problem found, not only the first, so an
 * operator fixes them all in one pass.
 */
public final class ConfigException extends Exception {
    private final String source;
    private final List<ConfigError> errors;

    /**
     * @param source where the config came from (a file name, "xds", ...), shown in the message
     * @param errors at least one error
     */
    public ConfigException(String source, List<ConfigError> errors) {
        super(message(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors: empty (expected: at least one)");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public String source() {
        return source;
    }

    /** Every problem, ordered by line. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String message(String source, List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append("invalid config ").append(source).append(": ").append(errors.size())
                .append(errors.size() == 1 ? " error" : " errors");
        for (ConfigError e : errors) {
            sb.append('\n').append("  ").append(e);
        }
        return sb.toString();
    }
}
