package dev.sluice.config;

import dev.sluice.config.model.HealthCheck;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.OutlierDetection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Binds a cluster's health fields (health_check, outlier_detection, panic_threshold, ...) into one policy. */
final class HealthBinder {
    private static final List<String> CHECK_FIELDS = List.of(
            "type", "path", "method", "host", "expected_statuses", "interval", "interval_jitter", "timeout",
            "healthy_threshold", "unhealthy_threshold");
    private static final List<String> OUTLIER_FIELDS = List.of(
            "consecutive_5xx", "consecutive_gateway_failure", "interval", "base_ejection_time",
            "max_ejection_time", "max_ejection_percent", "success_rate_minimum_hosts",
            "success_rate_request_volume", "success_rate_stdev_factor");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*%");
    private static final Pattern STATUS_RANGE = Pattern.compile("(\\d{3})\\s*-\\s*(\\d{3})");

    private HealthBinder() {}

    /** The health policy of the cluster mapping {@code cluster}. */
    static HealthPolicy bind(YamlMap cluster, BindContext ctx) {
        HealthCheck check = cluster.has("health_check")
                ? check(cluster.get("health_check"), cluster.path("health_check"), ctx) : null;
        OutlierDetection outlier = cluster.has("outlier_detection")
                ? outlier(cluster.get("outlier_detection"), cluster.path("outlier_detection"), ctx) : null;
        int panic = cluster.has("panic_threshold")
                ? percent(cluster.get("panic_threshold"), cluster.path("panic_threshold"), ctx)
                : Defaults.PANIC_THRESHOLD_PERCENT;
        double factor = cluster.decimal("overprovisioning_factor", Defaults.OVERPROVISIONING_FACTOR);
        return new HealthPolicy(check, outlier, panic, factor);
    }

    private static HealthCheck check(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, CHECK_FIELDS);
        if (m == null) {
            return null;
        }
        Duration interval = m.duration("interval", Defaults.HEALTH_CHECK_INTERVAL);
        String method = m.string("method");
        return new HealthCheck(
                m.enumValue("type", HealthCheck.Type.class, Defaults.HEALTH_CHECK_TYPE),
                m.has("path") ? m.string("path") : Defaults.HEALTH_CHECK_PATH,
                method == null ? Defaults.HEALTH_CHECK_METHOD : method.toUpperCase(Locale.ROOT),
                m.string("host"),
                m.has("expected_statuses")
                        ? statuses(m.get("expected_statuses"), m.path("expected_statuses"), ctx)
                        : Defaults.HEALTH_CHECK_STATUSES,
                interval,
                m.duration("interval_jitter", Defaults.healthCheckJitter(interval)),
                m.duration("timeout", Defaults.HEALTH_CHECK_TIMEOUT),
                m.integer("healthy_threshold", Defaults.HEALTHY_THRESHOLD),
                m.integer("unhealthy_threshold", Defaults.UNHEALTHY_THRESHOLD));
    }

    private static OutlierDetection outlier(Node node, String path, BindContext ctx) {
        YamlMap m = ctx.map(node, path, OUTLIER_FIELDS);
        if (m == null) {
            return null;
        }
        return new OutlierDetection(
                m.integer("consecutive_5xx", Defaults.CONSECUTIVE_5XX),
                m.integer("consecutive_gateway_failure", Defaults.CONSECUTIVE_GATEWAY_FAILURE),
                m.duration("interval", Defaults.OUTLIER_INTERVAL),
                m.duration("base_ejection_time", Defaults.BASE_EJECTION_TIME),
                m.duration("max_ejection_time", Defaults.MAX_EJECTION_TIME),
                m.has("max_ejection_percent")
                        ? percent(m.get("max_ejection_percent"), m.path("max_ejection_percent"), ctx)
                        : Defaults.MAX_EJECTION_PERCENT,
                m.integer("success_rate_minimum_hosts", Defaults.SUCCESS_RATE_MINIMUM_HOSTS),
                m.integer("success_rate_request_volume", Defaults.SUCCESS_RATE_REQUEST_VOLUME),
                m.decimal("success_rate_stdev_factor", Defaults.SUCCESS_RATE_STDEV_FACTOR));
    }

    /** {@code 50%} or {@code 50}; range checked by the validator. */
    private static int percent(Node node, String path, BindContext ctx) {
        if (node instanceof ScalarNode s && Tag.INT.equals(node.getTag())) {
            Integer i = ctx.integer(node, path);
            return i == null ? 0 : i;
        }
        String text = ctx.string(node, path);
        if (text != null) {
            Matcher pm = PERCENT.matcher(text.strip());
            if (pm.matches()) {
                return Integer.parseInt(pm.group(1));
            }
            ctx.error(path, node, "expected a percentage such as 50% or 50, got " + BindContext.describe(node));
        }
        return 0;
    }

    /** A list of statuses ({@code 200}) and inclusive ranges ({@code "200-299"}). */
    private static List<HealthCheck.StatusRange> statuses(Node node, String path, BindContext ctx) {
        List<Node> items = ctx.list(node, path);
        List<HealthCheck.StatusRange> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (item instanceof ScalarNode && Tag.INT.equals(item.getTag())) {
                Integer code = ctx.integer(item, itemPath);
                if (code != null) {
                    out.add(new HealthCheck.StatusRange(code, code));
                }
                continue;
            }
            String text = ctx.string(item, itemPath);
            Matcher rm = text == null ? null : STATUS_RANGE.matcher(text.strip());
            if (rm != null && rm.matches()) {
                out.add(new HealthCheck.StatusRange(Integer.parseInt(rm.group(1)), Integer.parseInt(rm.group(2))));
            } else if (text != null) {
                ctx.error(itemPath, item, "expected a status such as 200 or a range such as \"200-299\", got "
                        + BindContext.describe(item));
            }
        }
        return out;
    }
}
