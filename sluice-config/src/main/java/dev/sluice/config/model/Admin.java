package dev.sluice.config.model;

/** The admin listener: /ready, /stats/prometheus, /config_dump, /clusters. */
public record Admin(HostPort address) {
    public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 9901);
}
