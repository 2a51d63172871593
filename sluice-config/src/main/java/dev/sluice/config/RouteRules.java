package dev.sluice.config;

import dev.sluice.config.model.HeaderMatcher;
import dev.sluice.config.model.Route;
import dev.sluice.config.model.RouteMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The validator's checks for one listener's generic routes, including routes that can never match. */
final class RouteRules {
    private final ConfigValidator v;

    RouteRules(ConfigValidator validator) {
        this.v = validator;
    }

    /** @return the index of the first route that matches every request, or -1 */
    int check(String path, List<Route> routes) {
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> matches = new HashMap<>();
        int catchAll = -1;
        for (int i = 0; i < routes.size(); i++) {
            String rp = path + "[" + i + "]";
            Route r = routes.get(i);
            if (ConfigValidator.blank(r.name())) {
                v.error(rp + ".name", "must not be empty");
            } else {
                Integer first = names.putIfAbsent(r.name(), i);
                if (first != null) {
                    v.error(rp + ".name", "duplicate route name '" + r.name() + "' (also routes[" + first + "])");
                }
            }
            if (r.split() != null) {
                if (r.cluster() != null) {
                    v.error(rp + ".cluster", "set either cluster or weighted_clusters, not both");
                }
                v.split(rp + ".weighted_clusters", r.split());
            } else {
                v.clusterRef(rp + ".cluster", r.cluster());
            }
            if (r.match() == null) {
                v.error(rp + ".match", "required (a match with no conditions matches every request)");
                continue;
            }
            routeMatch(rp + ".match", r.match());
            if (catchAll >= 0) {
                v.error(rp, "unreachable: routes[" + catchAll + "] before it matches every request");
                continue;
            }
            String key = matchKey(r.match());
            Integer same = key == null ? null : matches.putIfAbsent(key, i);
            if (same != null) {
                v.error(rp, "unreachable: routes[" + same + "] before it has the same match");
            }
            if (matchesAll(r.match())) {
                catchAll = i;
            }
        }
        return catchAll;
    }

    private static boolean matchesAll(RouteMatch m) {
        return m.pathExact() == null && m.pathRegex() == null
                && (m.pathPrefix() == null || m.pathPrefix().equals("/"))
                && m.methods().isEmpty() && m.headers().isEmpty();
    }

    /** Identifies a match without header conditions, to spot a route repeated word for word. */
    private static String matchKey(RouteMatch m) {
        if (!m.headers().isEmpty()) {
            return null;
        }
        return m.pathExact() + "\u0000" + m.pathPrefix() + "\u0000"
                + (m.pathRegex() == null ? null : m.pathRegex().pattern()) + "\u0000" + new TreeSet<>(m.methods());
    }

    private void routeMatch(String path, RouteMatch m) {
        int paths = (m.pathExact() != null ? 1 : 0) + (m.pathPrefix() != null ? 1 : 0) + (m.pathRegex() != null ? 1 : 0);
        if (paths > 1) {
            v.error(path, "at most one of path_exact, path_prefix, path_regex may be set");
        }
        v.startsWithSlash(path + ".path_exact", m.pathExact());
        v.startsWithSlash(path + ".path_prefix", m.pathPrefix());
        v.methods(path + ".methods", m.methods());
        for (int i = 0; i < m.headers().size(); i++) {
            header(path + ".headers[" + i + "]", m.headers().get(i));
        }
    }

    private void header(String path, HeaderMatcher h) {
        v.headerName(path + ".name", h.name());
        List<String> given = new ArrayList<>();
        if (h.exact() != null) {
            given.add("exact");
        }
        if (h.prefix() != null) {
            given.add("prefix");
        }
        if (h.regex() != null) {
            given.add("regex");
        }
        if (h.present() != null) {
            given.add("present");
        }
        if (given.isEmpty()) {
            v.error(path, "one of exact, prefix, regex or present is required");
        } else if (given.size() > 1) {
            v.error(path, "only one of exact, prefix, regex or present may be set, got " + String.join(" and ", given));
        }
        if (Boolean.FALSE.equals(h.present())) {
            v.error(path + ".present", "must be true; to match a missing header write present: true with invert: true");
        }
    }
}
