package dev.sluice.proxy.route;

import java.util.regex.Pattern;

/** The path part of a generic route: exact, prefix or regex; matches against the path without query. */
interface PathMatcher {
    PathMatcher ANY = path -> true;

    boolean matches(String path);

    static PathMatcher of(String exact, String prefix, Pattern regex) {
        if (exact != null) {
            return exact::equals;
        }
        if (prefix != null) {
            return path -> path.startsWith(prefix);
        }
        if (regex != null) {
            return path -> regex.matcher(path).matches();
        }
        return ANY;
    }
}
