package dev.sluice.proxy.upstream;

import io.netty.handler.codec.http.HttpObject;

/** Receives what happens on the upstream side of one proxied exchange. Called on the worker loop. */
public interface ResponseListener {

    /** A response head, body chunk or last chunk (with trailers). The listener owns {@code msg}. */
    void onResponseObject(HttpObject msg);

    /** The upstream read batch ended: the moment to flush downstream. */
    void onResponseReadComplete();

    /** The upstream can take more request body (or can't: {@code writable} false). */
    void onUpstreamWritability(boolean writable);

    /** The connection or stream closed or failed; {@code cause} may be null for a plain close. */
    void onUpstreamClosed(Throwable cause);
}
