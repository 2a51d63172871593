package dev.sluice.proxy.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.sluice.config.model.HostPort;
import dev.sluice.proxy.ProxySnapshot;
import dev.sluice.proxy.SluiceServer;
import dev.sluice.proxy.health.HostHealth;
import dev.sluice.proxy.health.HostSet;
import dev.sluice.proxy.upstream.ClusterRuntime;
import dev.sluice.proxy.upstream.UpstreamHost;
import dev.sluice.proxy.upstream.WorkerUpstreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The admin endpoints: /ready, /stats/prometheus, /config_dump, /clusters. */
final class AdminEndpoints {
    record Reply(int status, String contentType, byte[] body) {
        static Reply text(int status, String text) {
            return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final SluiceServer server;
    private final ObjectMapper json;

    AdminEndpoints(SluiceServer server) {
        this.server = server;
        SimpleModule m = new SimpleModule();
        m.addSerializer(Duration.class, new ToStringSerializer<>(Duration.class, d -> d.toMillis() + "ms"));
        m.addSerializer(Pattern.class, new ToStringSerializer<>(Pattern.class, Pattern::pattern));
        m.addSerializer(HostPort.class, new ToStringSerializer<>(HostPort.class, HostPort::toString));
        this.json = new ObjectMapper().registerModule(m).enable(SerializationFeature.INDENT_OUTPUT)
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    }

    Reply handle(String method, String path) {
        try {
            return switch (path) {
                case "/ready" -> server.context().draining()
                        ? Reply.text(503, "draining\n") : Reply.text(200, "ready\n");
                case "/stats/prometheus", "/metrics" -> prometheus();
                case "/config_dump" -> jsonReply(server.context().snapshot().config());
                case "/clusters" -> jsonReply(clusters());
                case "/" -> Reply.text(200, "sluice admin: /ready /stats/prometheus /config_dump /clusters\n");
                default -> Reply.text(404, "not found: " + path + "\n");
            };
        } catch (IOException e) {
            return Reply.text(500, "admin error: " + e + "\n");
        }
    }

    private Reply prometheus() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        server.context().stats().writePrometheus(out);
        return new Reply(200, "text/plain; version=0.0.4; charset=utf-8", out.toByteArray());
    }

    private Reply jsonReply(Object value) throws IOException {
        return new Reply(200, "application/json", json.writeValueAsBytes(value));
    }

    private Map<String, Object> clusters() {
        ProxySnapshot snapshot = server.context().snapshot();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (ClusterRuntime c : snapshot.clusters().values()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("lb_policy", c.config().lbPolicy().name().toLowerCase());
            cm.put("protocol", c.config().protocol().name().toLowerCase());
            List<Object> eps = new ArrayList<>();
            for (UpstreamHost h : c.hosts()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("address", h.address().toString());
                em.put("resolved", h.socketAddress().isUnresolved() ? null : h.socketAddress().toString());
                em.put("weight", h.weight());
                em.put("priority", h.priority());
                HostHealth hh = h.health();
                em.put("health", !hh.activeHealthy() ? "unhealthy" : hh.ejected() ? "ejected" : "healthy");
                em.put("ejected_until", hh.ejected() ? Instant.now()
                        .plusNanos(Math.max(0, hh.ejectedUntilNanos() - System.nanoTime())).toString() : null);
                em.put("active_requests", h.activeRequests());
                em.put("connections", connections(c, h));
                em.put("requests_total", h.requestCounter().getLongValue());
                eps.add(em);
            }
            cm.put("endpoints", eps);
            HostSet set = c.health().current();
            cm.put("panic", set.panic());
            List<Object> levels = new ArrayList<>();
            for (int i = 0; i < set.levelCount(); i++) {
                levels.add(Map.of("load_percent", set.load(i), "hosts", set.level(i).size()));
            }
            cm.put("priority_levels", levels);
            list.add(cm);
        }
        out.put("clusters", list);
        return out;
    }

    /** Sums open connections across workers, asking each worker on its own loop. */
    private int connections(ClusterRuntime c, UpstreamHost h) {
        int total = 0;
        for (WorkerUpstreams w : server.context().workersView()) {
            try {
                total += w.loop().submit(() -> w.openConnections(c, h)).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a busy or stopping worker: report what the others say
            }
        }
        return total;
    }

    private static final class ToStringSerializer<T> extends StdSerializer<T> {
        private final java.util.function.Function<T, String> f;

        ToStringSerializer(Class<T> type, java.util.function.Function<T, String> f) {
            super(type);
            this.f = f;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(f.apply(value));
        }
    }
}
