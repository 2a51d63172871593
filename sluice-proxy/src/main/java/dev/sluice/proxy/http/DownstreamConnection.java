package dev.sluice.proxy.http;

import dev.sluice.proxy.ProxyContext;
import dev.sluice.proxy.stats.ListenerStats;
import dev.sluice.proxy.upstream.WorkerUpstreams;
import io.netty.util.AsciiString;

/**
 * What every request on one downstream TCP connection shares, resolved once when the connection
 * is set up: an HTTP/2 connection hands the same one to each of its streams, so a stream costs
 * no stats lookup, worker lookup or address formatting.
 *
 * @param clientIp the peer's IP for X-Forwarded-For, as header bytes; null when unknown
 */
public record DownstreamConnection(
        ProxyContext context, String listener, ListenerStats stats, WorkerUpstreams worker, AsciiString clientIp) {}
