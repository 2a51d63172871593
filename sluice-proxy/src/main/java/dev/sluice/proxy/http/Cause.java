package dev.sluice.proxy.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why Sluice answered a request itself. Each cause has one status and a stable code that goes
 * into the JSON body, the {@code x-sluice-cause} response header, the access log and the stats.
 */
public enum Cause {
    MISSING_TENANT(HttpResponseStatus.BAD_REQUEST, "missing_tenant", "the tenant header is missing or empty"),
    UNKNOWN_TENANT(HttpResponseStatus.NOT_FOUND, "unknown_tenant", "the tenant is not configured"),
    NO_ROUTE(HttpResponseStatus.NOT_FOUND, "no_route", "no route matches the request"),
    MALFORMED_REQUEST(HttpResponseStatus.BAD_REQUEST, "malformed_request", "the request is not valid HTTP"),
    HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
            "the request headers exceed the listener's limit"),
    REQUEST_LINE_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request_line_too_long",
            "the request line exceeds the listener's limit"),
    BODY_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
            "the request body exceeds the listener's limit"),
    NO_HEALTHY_UPSTREAM(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_healthy_upstream",
            "the cluster has no endpoint to send the request to"),
    UPSTREAM_CONNECT_FAILURE(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream_connect_failure",
            "connecting to the upstream failed"),
    UPSTREAM_OVERFLOW(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream_overflow",
            "the cluster's connection limit is reached"),
    BREAKER_MAX_REQUESTS(HttpResponseStatus.SERVICE_UNAVAILABLE, "circuit_breaker_open",
            "the cluster's max_requests circuit breaker is open: too many requests in flight"),
    BREAKER_MAX_PENDING_REQUESTS(HttpResponseStatus.SERVICE_UNAVAILABLE, "circuit_breaker_open",
            "the cluster's max_pending_requests circuit breaker is open: too many requests waiting for a connection"),
    BREAKER_MAX_CONNECTIONS(HttpResponseStatus.SERVICE_UNAVAILABLE, "circuit_breaker_open",
            "the cluster's max_connections circuit breaker is open: too many upstream connections"),
    UPSTREAM_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream_timeout",
            "the upstream did not respond in time"),
    UPSTREAM_RESET(HttpResponseStatus.BAD_GATEWAY, "upstream_reset",
            "the upstream closed or reset the connection before responding"),
    BAD_UPSTREAM_RESPONSE(HttpResponseStatus.BAD_GATEWAY, "bad_upstream_response",
            "the upstream sent a response that is not valid HTTP"),
    DRAINING(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining", "Sluice is shutting down");

    private final HttpResponseStatus status;
    private final String code;
    private final String message;

    Cause(HttpResponseStatus status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** Whether the connection must close after the reply: the byte stream can't be trusted. */
    public boolean closesConnection() {
        return this == MALFORMED_REQUEST || this == HEADERS_TOO_LARGE || this == REQUEST_LINE_TOO_LONG
                || this == BODY_TOO_LARGE;
    }
}
