package dev.sluice.proxy.route;

import dev.sluice.config.model.RequestKind;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * Tenant id to its read and write targets. A hash map: one lookup costs the same with one
 * tenant or 100,000. Keyed by the bytes a header carries (the id's UTF-8 encoding), so the
 * decoder's view of the received value is looked up as it is: no String per request.
 */
final class TenantTable {
    private final HashMap<AsciiString, RouteTarget[]> byTenant;

    /** Takes {@code entries} as its own (no copy: with 100,000 tenants a copy is megabytes). */
    TenantTable(HashMap<AsciiString, RouteTarget[]> entries) {
        this.byTenant = entries;
    }

    /** The key of a configured tenant id: the bytes a client sends for it. */
    static AsciiString key(String tenant) {
        return new AsciiString(tenant.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * The target for this tenant and kind, or null when the tenant is not configured.
     * {@code tenant} is a header value: an AsciiString of the received bytes, or a String whose
     * chars are those bytes (how Netty's HTTP/2 side reads them).
     */
    RouteTarget lookup(CharSequence tenant, RequestKind kind) {
        AsciiString k = tenant instanceof AsciiString a ? a : new AsciiString(tenant);
        RouteTarget[] targets = byTenant.get(k);
        return targets == null ? null : targets[kind.ordinal()];
    }
}
