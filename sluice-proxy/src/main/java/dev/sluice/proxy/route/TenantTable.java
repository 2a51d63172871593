package dev.sluice.proxy.route;

import dev.sluice.config.model.RequestKind;
import java.util.HashMap;

/**
 * Tenant id to its read and write targets. A hash map: one lookup costs the same with one
 * tenant or 100,000.
 */
final class TenantTable {
    private final HashMap<String, RouteTarget[]> byTenant;

    /** Takes {@code entries} as its own (no copy: with 100,000 tenants a copy is megabytes). */
    TenantTable(HashMap<String, RouteTarget[]> entries) {
        this.byTenant = entries;
    }

    /** The target for this tenant and kind, or null when the tenant is not configured. */
    RouteTarget lookup(String tenant, RequestKind kind) {
        RouteTarget[] targets = byTenant.get(tenant);
        return targets == null ? null : targets[kind.ordinal()];
    }
}
