package dev.sluice.config.model;

import java.util.regex.Pattern;

/**
 * Matches one request header by name (case-insensitive). Exactly one of exact, prefix, regex
 * or present is set. With {@code invert}, the result is negated.
 */
public record HeaderMatcher(
        String name, String exact, String prefix, Pattern regex, Boolean present, boolean invert) {}
