package dev.sluice.proxy;

import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.Listener;
import dev.sluice.proxy.accesslog.AccessLogWriter;
import dev.sluice.proxy.admin.AdminServer;
import dev.sluice.proxy.listener.ListenerServer;
import dev.sluice.proxy.listener.Transport;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.ClusterRuntime;
import dev.sluice.proxy.upstream.DnsRefresher;
import dev.sluice.proxy.upstream.WorkerUpstreams;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sluice: worker loops, listeners, the admin listener, and the current config
 * snapshot. Start it with {@link #start}, change its config with {@link #apply}, stop it with
 * {@link #shutdown}.
 */
public final class SluiceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SluiceServer.class);

    private final ProxyContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Map<String, ListenerServer> listeners = new LinkedHashMap<>();
    private final AdminServer admin;
    private final DnsRefresher dns;
    /** Runs active health checks and outlier detection, off the workers. */
    private final EventLoopGroup health;
    private final AccessLogWriter accessLog;
    private final Object reloadLock = new Object();
    private volatile boolean stopped;

    private SluiceServer(Bootstrap config) throws IOException, InterruptedException {
        ProxyStats stats = new ProxyStats();
        this.accessLog = config.accessLog().enabled()
                ? AccessLogWriter.open(config.accessLog().path(), stats.accessLogDropped()) : null;
        ProxySnapshot snapshot = ProxySnapshot.build(config, null, stats);
        this.context = new ProxyContext(snapshot, stats, accessLog, config.drainTimeout());
        int threads = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
        this.boss = Transport.newGroup(1, new DefaultThreadFactory("sluice-accept", true));
        this.workers = Transport.newGroup(threads, new DefaultThreadFactory("sluice-worker", true));
        Map<EventLoop, WorkerUpstreams> perLoop = new HashMap<>();
        for (EventExecutor e : workers) {
            EventLoop loop = (EventLoop) e;
            perLoop.put(loop, new WorkerUpstreams(loop, stats.newWorkerCounters()));
        }
        context.workers(perLoop);
        this.dns = new DnsRefresher();
        dns.track(snapshot.clusters().values());
        this.health = Transport.newGroup(1, new DefaultThreadFactory("sluice-health", true));
        startHealth(snapshot);
        try {
            for (Listener l : config.listeners()) {
                bindListener(l);
            }
            this.admin = AdminServer.start(config.admin().address(), this, boss);
        } catch (RuntimeException | InterruptedException e) {
            closeQuietly();
            throw e;
        }
        log.info("sluice started: {} worker(s) on {}, listeners {}, admin {}", threads, Transport.name(),
                listenerPorts(), admin.port());
    }

    /** Starts Sluice with a validated config. Ports 0 bind ephemeral ports: see {@link #port}. */
    public static SluiceServer start(Bootstrap config) throws IOException, InterruptedException {
        return new SluiceServer(config);
    }

    private void bindListener(Listener l) throws InterruptedException {
        ListenerServer server = new ListenerServer(l.name(), context);
        server.bind(l, boss, workers);
        listeners.put(l.name(), server);
    }

    /**
     * Swaps in a new config: built and checked first, then published with one reference write.
     * Requests in flight finish on the snapshot they started with. Listeners are added, removed
     * or re-bound to match; the admin address and worker count change only with a restart.
     */
    public void apply(Bootstrap next) throws InterruptedException {
        synchronized (reloadLock) {
            ProxySnapshot old = context.snapshot();
            ProxySnapshot fresh = ProxySnapshot.build(next, old, context.stats());
            Bootstrap prev = old.config();
            if (!Objects.equals(prev.admin(), next.admin()) || prev.workers() != next.workers()) {
                log.warn("admin address and worker count changes take effect only after a restart");
            }
            // Bind new listeners before the swap so a failure leaves the old config serving.
            Map<String, Listener> nextListeners = new LinkedHashMap<>();
            next.listeners().forEach(l -> nextListeners.put(l.name(), l));
            Map<String, ListenerServer> added = new LinkedHashMap<>();
            try {
                for (Listener l : next.listeners()) {
                    Listener was = old.listener(l.name());
                    if (was == null || !was.address().equals(l.address())) {
                        if (was != null) {
                            listeners.remove(l.name()).stopAccepting();
                        }
                        ListenerServer s = new ListenerServer(l.name(), context);
                        s.bind(l, boss, workers);
                        added.put(l.name(), s);
                    }
                }
            } catch (RuntimeException | InterruptedException e) {
                added.values().forEach(ListenerServer::stopAccepting);
                throw e;
            }
            context.swap(fresh);
            listeners.putAll(added);
            for (String name : Map.copyOf(listeners).keySet()) {
                if (!nextListeners.containsKey(name)) {
                    listeners.remove(name).stopAccepting();
                }
            }
            startHealth(fresh);
            old.retireReplacedBy(fresh);
            dns.track(fresh.clusters().values());
            for (WorkerUpstreams w : context.workersView()) {
                w.loop().execute(w::sweepRetired);
            }
            log.info("config applied: {} listener(s), {} cluster(s)", next.listeners().size(),
                    next.clusters().size());
        }
    }

    /** Starts health checking of new cluster runtimes; those reused from the last snapshot run on. */
    private void startHealth(ProxySnapshot snapshot) {
        for (ClusterRuntime c : snapshot.clusters().values()) {
            c.health().start(health);
        }
    }

    /** The bound port of a listener (useful when the config asked for port 0). */
    public int port(String listener) {
        return listeners.get(listener).port();
    }

    public int adminPort() {
        return admin.port();
    }

    public ProxyContext context() {
        return context;
    }

    Map<String, Integer> listenerPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        listeners.forEach((n, s) -> ports.put(n, s.port()));
        return ports;
    }

    /**
     * Graceful shutdown: /ready turns 503, listeners stop accepting, open connections finish
     * their in-flight requests (HTTP/2 gets GOAWAY) for up to {@code drain}, then everything
     * closes.
     */
    public void shutdown(Duration drain) {
        if (stopped) {
            return;
        }
        context.startDraining();
        log.info("draining for up to {} ms", drain.toMillis());
        listeners.values().forEach(ListenerServer::stopAccepting);
        listeners.values().forEach(ListenerServer::drainConnections);
        long deadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < deadline && openConnections() > 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = openConnections();
        if (left > 0) {
            log.warn("drain time over: closing {} connection(s) still open", left);
        }
        closeQuietly();
    }

    private int openConnections() {
        int n = 0;
        for (ListenerServer s : listeners.values()) {
            n += s.openConnections();
        }
        return n;
    }

    private void closeQuietly() {
        stopped = true;
        listeners.values().forEach(ListenerServer::closeConnections);
        if (admin != null) {
            admin.close();
        }
        dns.close();
        if (health != null) {
            context.snapshot().clusters().values().forEach(c -> c.health().stop());
            health.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (accessLog != null) {
            accessLog.close();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
