package dev.sluice.config;

/**
 * One problem in a configuration, located by its path in the document and, when the config
 * came from a file, by its line.
 *
 * @param path where the problem is, e.g. {@code clusters[2].endpoints[0]}; empty for the whole
 *     document (a syntax error, an unreadable file)
 * @param line 1-based line in the source, or 0 when unknown (a config built in code or from xDS)
 * @param message what is wrong, e.g. {@code port 70000 out of range}
 */
public record ConfigError(String path, int line, String message) {

    public ConfigError {
        path = path == null ? "" : path;
    }

    /** Renders as {@code clusters[2].endpoints[0]: port 70000 out of range (line 14)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(message);
        if (line > 0) {
            sb.append(" (line ").append(line).append(')');
        }
        return sb.toString();
    }
}
