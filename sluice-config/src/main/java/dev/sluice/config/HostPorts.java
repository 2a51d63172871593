package dev.sluice.config;

import dev.sluice.config.model.HostPort;
import java.util.regex.Pattern;

/** Parses {@code host:port} and {@code [v6]:port}. Port ranges are the validator's business. */
final class HostPorts {
    /** DNS names and IPv4 literals. Underscores appear in real internal names, so they pass. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private HostPorts() {}

    /** @throws IllegalArgumentException naming the mistake */
    static HostPort parse(String text) {
        String s = text.strip();
        if (s.contains("://") || s.contains("/")) {
            throw new IllegalArgumentException(
                    "'" + s + "' is not host:port (write it without scheme or path, e.g. backend.local:8080)");
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "': missing ']' after the IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + s + "': missing port (expected [ipv6]:port)");
            }
            port = rest.substring(1);
            if (!V6.matcher(host).matches() || host.indexOf(':') < 0) {
                throw new IllegalArgumentException("'" + s + "': invalid IPv6 address '" + host + "'");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + s + "': missing port (expected host:port)");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        "'" + s + "': an IPv6 address needs brackets, e.g. [::1]:8080");
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException(
                        "'" + s + "': missing host (use 0.0.0.0" + s + " to listen on every interface)");
            }
            if (!NAME.matcher(host).matches()) {
                throw new IllegalArgumentException(
                        "'" + s + "': invalid host '" + host + "' (expected an IP address or a DNS name)");
            }
        }
        if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + s + "': invalid port '" + port + "'");
        }
        if (port.length() > 5 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
        return new HostPort(host, Integer.parseInt(port));
    }
}
