package dev.sluice.config.model;

import java.util.Set;

/**
 * Classifies a request as a read or a write. Matches when the method is in {@code methods}
 * (empty: any) and the path equals {@code pathExact} or starts with {@code pathPrefix}.
 */
public record ClassifyRule(Set<String> methods, String pathExact, String pathPrefix, RequestKind kind) {
    public ClassifyRule {
        methods = Set.copyOf(methods);
    }
}
