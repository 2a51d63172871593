package dev.sluice.config.model;

/**
 * What to do with a request whose tenant is missing or not in the map: reject it (400 for a
 * missing tenant, 404 for an unknown one) or send it to a default cluster.
 */
public record TenantFallback(Action action, String cluster) {
    public enum Action { REJECT, DEFAULT_CLUSTER }

    public static final TenantFallback REJECT = new TenantFallback(Action.REJECT, null);
}
