package dev.sluice.config.model;

/** How Sluice talks to a cluster's endpoints: HTTP/1.1 keep-alive or HTTP/2 (h2c) multiplexed. */
public enum UpstreamProtocol { HTTP1, HTTP2 }
