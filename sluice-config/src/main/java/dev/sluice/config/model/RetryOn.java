package dev.sluice.config.model;

/** Conditions under which a failed try is retried, with Envoy's meanings. */
public enum RetryOn {
    /** Any 5xx response, and no response at all: connect failure, reset, per-try timeout. */
    FIVE_XX("5xx"),
    /** 502, 503 or 504, connect failure, reset, per-try timeout. */
    GATEWAY_ERROR("gateway_error"),
    /** The connection to the endpoint could not be made. */
    CONNECT_FAILURE("connect_failure"),
    /** The endpoint closed or reset the connection before responding, or a per-try timeout. */
    RESET("reset"),
    /** A response status listed in {@code retriable_status_codes}. */
    RETRIABLE_STATUS_CODES("retriable_status_codes"),
    /** An HTTP/2 endpoint refused the stream (REFUSED_STREAM): it never saw the request. */
    REFUSED_STREAM("refused_stream");

    private final String yamlName;

    RetryOn(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The condition written as {@code name} in YAML, or null. */
    public static RetryOn of(String name) {
        for (RetryOn r : values()) {
            if (r.yamlName.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
