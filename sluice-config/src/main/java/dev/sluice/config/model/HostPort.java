package dev.sluice.config.model;

/** A host (IP literal or DNS name) and a TCP port. */
public record HostPort(String host, int port) {
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
