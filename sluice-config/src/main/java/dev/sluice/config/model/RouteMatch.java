package dev.sluice.config.model;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a generic route matches. Exactly one of the path fields is set (or none: any path).
 * All conditions must hold.
 *
 * @param methods upper-case method names; empty means any method
 */
public record RouteMatch(
        String pathExact,
        String pathPrefix,
        Pattern pathRegex,
        Set<String> methods,
        List<HeaderMatcher> headers) {

    public RouteMatch {
        methods = Set.copyOf(methods);
        headers = List.copyOf(headers);
    }
}
