package dev.sluice.config.model;

/** Whether a tenant request writes (push, ingest) or reads (query). */
public enum RequestKind { READ, WRITE }
