package dev.sluice.proxy.accesslog;

/**
 * One finished request as the access log records it. Built on the worker, formatted and written
 * by the writer thread.
 *
 * @param startMillis wall-clock start (epoch millis)
 * @param durationMicros request headers received to response complete
 * @param upstreamMicros request start to upstream response headers, -1 when none came
 * @param cause local-reply or failure cause code, null on a proxied success
 */
public record AccessLogEntry(
        long startMillis,
        String listener,
        String protocol,
        String client,
        String requestId,
        String tenant,
        String cluster,
        String endpoint,
        String method,
        String path,
        int status,
        long requestBytes,
        long responseBytes,
        long durationMicros,
        long upstreamMicros,
        String cause) {}
