package dev.sluice.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which line of the YAML each config path came from, so that the validator, which only sees
 * records, can still say where a problem is.
 */
final class SourceMap {
    static final SourceMap EMPTY = new SourceMap();

    /** A last path segment the validator may name although the YAML left it out. */
    private static final Pattern LAST_SEGMENT = Pattern.compile("(?:\\.[a-z_]+|\\[\\d+])$");

    private final Map<String, Integer> lines = new HashMap<>();

    void record(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    boolean has(String path) {
        return lines.containsKey(path);
    }

    /**
     * The line of {@code path}, or of its nearest recorded ancestor: a field the YAML left out
     * (a required name, a default) is reported at the line of the mapping that lacks it.
     */
    int line(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            var m = LAST_SEGMENT.matcher(p);
            // a top-level field the YAML left out is reported at the document's first line
            p = m.find() ? p.substring(0, m.start()) : "";
        }
    }
}
