package dev.sluice.config.model;

/**
 * Per-listener bounds on what a client may send.
 *
 * @param maxHeaderBytes total size of the request header block; larger gets 431
 * @param maxInitialLineBytes size of the HTTP/1.1 request line; larger gets 414
 * @param maxBodyBytes request body size; larger gets 413; 0 means unlimited
 */
public record Limits(int maxHeaderBytes, int maxInitialLineBytes, long maxBodyBytes) {
    public static final Limits DEFAULT = new Limits(64 * 1024, 16 * 1024, 0);
}
