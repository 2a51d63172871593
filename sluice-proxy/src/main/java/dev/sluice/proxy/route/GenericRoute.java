package dev.sluice.proxy.route;

import dev.sluice.config.model.HeaderMatcher;
import dev.sluice.config.model.Route;
import dev.sluice.config.model.RouteMatch;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/** A compiled generic route: path, methods and headers, all of which must match. */
final class GenericRoute {
    private final String name;
    private final PathMatcher path;
    private final Set<String> methods;
    private final HeaderCondition[] headers;
    private final RouteTarget target;

    GenericRoute(Route route, RouteTarget target) {
        RouteMatch m = route.match();
        this.name = route.name();
        this.path = m == null ? PathMatcher.ANY : PathMatcher.of(m.pathExact(), m.pathPrefix(), m.pathRegex());
        this.methods = m == null ? Set.of() : m.methods();
        List<HeaderMatcher> hs = m == null ? List.of() : m.headers();
        this.headers = hs.stream().map(HeaderCondition::new).toArray(HeaderCondition[]::new);
        this.target = target;
    }

    boolean matches(String method, String path, HttpHeaders requestHeaders) {
        if (!methods.isEmpty() && !methods.contains(method)) {
            return false;
        }
        if (!this.path.matches(path)) {
            return false;
        }
        for (HeaderCondition h : headers) {
            if (!h.matches(requestHeaders)) {
                return false;
            }
        }
        return true;
    }

    String name() {
        return name;
    }

    RouteTarget target() {
        return target;
    }
}
