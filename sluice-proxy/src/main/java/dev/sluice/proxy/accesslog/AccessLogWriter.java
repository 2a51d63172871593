package dev.sluice.proxy.accesslog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.util.internal.PlatformDependent;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access-log lines on its own thread. Workers only enqueue into a bounded lock-free
 * queue; when the writer falls behind, lines are dropped and counted rather than slowing or
 * growing the data plane.
 */
public final class AccessLogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int CAPACITY = 65536;

    private final Queue<AccessLogEntry> queue = PlatformDependent.newFixedMpscQueue(CAPACITY);
    private final OutputStream out;
    private final boolean ownsStream;
    private final CounterDataPoint dropped;
    private final Thread thread;
    private volatile boolean running = true;

    private AccessLogWriter(OutputStream out, boolean ownsStream, CounterDataPoint dropped) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.dropped = dropped;
        this.thread = new Thread(this::run, "sluice-access-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Opens the log at {@code path}: "stdout" or a file, appended to. */
    public static AccessLogWriter open(String path, CounterDataPoint dropped) throws IOException {
        if ("stdout".equals(path)) {
            return new AccessLogWriter(System.out, false, dropped);
        }
        return new AccessLogWriter(new BufferedOutputStream(new FileOutputStream(path, true), 64 * 1024), true,
                dropped);
    }

    /** Never blocks: a full queue drops the line. */
    public void log(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.inc();
        }
    }

    private void run() {
        JsonFactory json = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try {
            while (running || !queue.isEmpty()) {
                AccessLogEntry e = queue.poll();
                if (e == null) {
                    out.flush();
                    LockSupport.parkNanos(2_000_000);
                    continue;
                }
                write(json, e);
            }
            out.flush();
        } catch (IOException ex) {
            log.error("access log writer stopped: {}", ex.toString());
        }
    }

    private void write(JsonFactory json, AccessLogEntry e) throws IOException {
        JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8);
        g.writeStartObject();
        g.writeStringField("time", Instant.ofEpochMilli(e.startMillis()).toString());
        g.writeStringField("listener", e.listener());
        g.writeStringField("protocol", e.protocol());
        g.writeStringField("client", e.client());
        g.writeStringField("request_id", e.requestId());
        g.writeStringField("tenant", e.tenant());
        g.writeStringField("cluster", e.cluster());
        g.writeStringField("endpoint", e.endpoint());
        g.writeStringField("method", e.method());
        g.writeStringField("path", e.path());
        g.writeNumberField("status", e.status());
        g.writeNumberField("request_bytes", e.requestBytes());
        g.writeNumberField("response_bytes", e.responseBytes());
        g.writeNumberField("duration_us", e.durationMicros());
        g.writeNumberField("upstream_us", e.upstreamMicros());
        g.writeStringField("cause", e.cause());
        g.writeEndObject();
        g.close();
        out.write('\n');
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
            if (ownsStream) {
                out.close();
            } else {
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing access log: {}", e.toString());
        }
    }
}
