package dev.sluice.config.model;

import java.util.List;
import java.util.Map;

/**
 * Routes by tenant: the value of {@code header} is looked up in {@code tenants}; the request's
 * kind (read or write, decided by {@code classify}) picks that tenant's read or write cluster.
 *
 * @param tenants tenant id to its clusters; an unmodifiable map
 * @param classify rules, first match wins; a request no rule matches is {@code defaultKind}
 */
public record TenantRouting(
        String header,
        Map<String, TenantRoute> tenants,
        TenantFallback missingTenant,
        TenantFallback unknownTenant,
        List<ClassifyRule> classify,
        RequestKind defaultKind) {

    public static final String DEFAULT_HEADER = "X-Scope-OrgID";

    public TenantRouting {
        tenants = Map.copyOf(tenants);
        classify = List.copyOf(classify);
    }
}
