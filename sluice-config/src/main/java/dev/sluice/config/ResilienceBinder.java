package dev.sluice.config;

import dev.sluice.config.model.CircuitBreakers;
import dev.sluice.config.model.ResiliencePolicy;
import dev.sluice.config.model.RetryBudget;
import dev.sluice.config.model.RetryOn;
import dev.sluice.config.model.RetryPolicy;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Binds a cluster's circuit_breakers and retry_policy. */
final class ResilienceBinder {
    private static final List<String> LIMIT_FIELDS =
            List.of("max_connections", "max_pending_requests", "max_requests", "max_retries");
    private static final List<String> BREAKER_FIELDS =
            List.of("max_connections", "max_pending_requests", "max_requests", "max_retries", "high_priority");
    private static final List<String> RETRY_FIELDS = List.of("retry_on", "num_retries", "per_try_timeout",
            "retriable_status_codes", "backoff", "budget", "max_replay_bytes");
    private static final List<String> BACKOFF_FIELDS = List.of("base_interval", "max_interval");
    private static final List<String> BUDGET_FIELDS = List.of("budget_percent", "min_retry_concurrency");

    private ResilienceBinder() {}

    static ResiliencePolicy bind(YamlMap cluster, BindContext ctx) {
        CircuitBreakers breakers = CircuitBreakers.DEFAULT;
        CircuitBreakers high = CircuitBreakers.DEFAULT;
        if (cluster.has("circuit_breakers")) {
            YamlMap m = ctx.map(cluster.get("circuit_breakers"), cluster.path("circuit_breakers"), BREAKER_FIELDS);
            if (m != null) {
                breakers = limits(m);
                if (m.has("high_priority")) {
                    YamlMap h = ctx.map(m.get("high_priority"), m.path("high_priority"), LIMIT_FIELDS);
                    high = h == null ? CircuitBreakers.DEFAULT : limits(h);
                }
            }
        }
        RetryPolicy retry = cluster.has("retry_policy")
                ? retry(cluster.get("retry_policy"), cluster.path("retry_policy"), ctx)
                : null;
        return new ResiliencePolicy(breakers, retry, high);
    }

    private static CircuitBreakers limits(YamlMap m) {
        int d = CircuitBreakers.DEFAULT_LIMIT;
        return new CircuitBreakers(m.integer("max_connections", d), m.integer("max_pending_requests", d),
                m.integer("max_requests", d), m.integer("max_retries", d));
    }

    private static RetryPolicy retry(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, RETRY_FIELDS);
        if (m == null) {
            return null;
        }
        Set<RetryOn> on = EnumSet.noneOf(RetryOn.class);
        if (m.has("retry_on")) {
            List<Node> items = ctx.list(m.get("retry_on"), m.path("retry_on"));
            for (int i = 0; items != null && i < items.size(); i++) {
                String ip = m.path("retry_on") + "[" + i + "]";
                String name = ctx.string(items.get(i), ip);
                if (name == null) {
                    continue;
                }
                RetryOn r = RetryOn.of(name);
                if (r == null) {
                    List<String> names = java.util.Arrays.stream(RetryOn.values()).map(RetryOn::yamlName).toList();
                    ctx.error(ip, items.get(i), "unknown retry_on '" + name + "' (expected one of: "
                            + String.join(", ", names) + ")");
                } else {
                    on.add(r);
                }
            }
        } else {
            ctx.error(path + ".retry_on", node, "required");
        }
        Set<Integer> codes = new LinkedHashSet<>();
        if (m.has("retriable_status_codes")) {
            List<Node> items = ctx.list(m.get("retriable_status_codes"), m.path("retriable_status_codes"));
            for (int i = 0; items != null && i < items.size(); i++) {
                Integer code = ctx.integer(items.get(i), m.path("retriable_status_codes") + "[" + i + "]");
                if (code != null) {
                    codes.add(code);
                }
            }
        }
        java.time.Duration base = RetryPolicy.DEFAULT_BASE_INTERVAL;
        java.time.Duration max = RetryPolicy.DEFAULT_MAX_INTERVAL;
        if (m.has("backoff")) {
            YamlMap b = ctx.map(m.get("backoff"), m.path("backoff"), BACKOFF_FIELDS);
            if (b != null) {
                base = b.duration("base_interval", base);
                // Envoy: max_interval defaults to 10 × base_interval when only the base is given
                max = b.duration("max_interval", b.has("base_interval") && base != null ? base.multipliedBy(10) : max);
            }
        }
        RetryBudget budget = null;
        if (m.has("budget")) {
            YamlMap b = ctx.map(m.get("budget"), m.path("budget"), BUDGET_FIELDS);
            if (b != null) {
                budget = new RetryBudget(b.integer("budget_percent", (int) RetryBudget.DEFAULT_PERCENT),
                        b.integer("min_retry_concurrency", RetryBudget.DEFAULT_MIN_RETRY_CONCURRENCY));
            }
        }
        return new RetryPolicy(on, m.integer("num_retries", RetryPolicy.DEFAULT_NUM_RETRIES),
                m.duration("per_try_timeout", null), codes, base, max, budget,
                m.size("max_replay_bytes", RetryPolicy.DEFAULT_MAX_REPLAY_BYTES));
    }
}
