package dev.sluice.proxy.route;

import dev.sluice.config.model.ClassifyRule;
import dev.sluice.config.model.RequestKind;
import java.util.List;
import java.util.Set;

/** Decides whether a tenant request is a read or a write: the first matching rule wins. */
public final class RequestClassifier {
    private final Rule[] rules;
    private final RequestKind defaultKind;

    public RequestClassifier(List<ClassifyRule> rules, RequestKind defaultKind) {
        this.rules = rules.stream().map(Rule::new).toArray(Rule[]::new);
        this.defaultKind = defaultKind;
    }

    public RequestKind classify(String method, String path) {
        for (Rule r : rules) {
            if (r.matches(method, path)) {
                return r.kind;
            }
        }
        return defaultKind;
    }

    private static final class Rule {
        final Set<String> methods;
        final String exact;
        final String prefix;
        final RequestKind kind;

        Rule(ClassifyRule rule) {
            this.methods = rule.methods();
            this.exact = rule.pathExact();
            this.prefix = rule.pathPrefix();
            this.kind = rule.kind();
        }

        boolean matches(String method, String path) {
            if (!methods.isEmpty() && !methods.contains(method)) {
                return false;
            }
            if (exact != null) {
                return exact.equals(path);
            }
            return prefix == null || path.startsWith(prefix);
        }
    }
}
