package dev.sluice.proxy.upstream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the DNS names among cluster endpoints off the event loops, at start and then every
 * {@code dns_refresh}, and publishes each answer to its host with one volatile write. A failed
 * lookup keeps the last good address.
 */
public final class DnsRefresher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsRefresher.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-dns");
        t.setDaemon(true);
        return t;
    });
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    /** Replaces what is tracked with the DNS-named hosts of {@code clusters}; resolves them now. */
    public synchronized void track(Collection<ClusterRuntime> clusters) {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        for (ClusterRuntime c : clusters) {
            long every = c.config().dnsRefresh().toMillis();
            for (UpstreamHost h : c.hosts()) {
                if (h.needsDns()) {
                    resolve(h);
                    tasks.add(executor.scheduleWithFixedDelay(() -> resolve(h), every, every, TimeUnit.MILLISECONDS));
                }
            }
        }
    }

    private static void resolve(UpstreamHost h) {
        try {
            InetAddress a = InetAddress.getByName(h.address().host());
            h.resolvedTo(new InetSocketAddress(a, h.address().port()));
        } catch (UnknownHostException e) {
            log.warn("endpoint {}: DNS lookup failed, keeping the last address: {}", h.address(), e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
