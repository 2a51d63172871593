package dev.sluice.cli;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.proxy.SluiceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file on demand (SIGHUP) and when its content changes. Polling the content
 * hash (not inotify) also catches editors that replace the file and Kubernetes ConfigMap symlink
 * swaps. All reloads run on one thread, in order.
 */
final class ConfigReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final Path file;
    private final SluiceServer server;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-config-reload");
        t.setDaemon(true);
        return t;
    });
    private byte[] lastHash;

    ConfigReloader(Path file, SluiceServer server) {
        this.file = file;
        this.server = server;
        this.lastHash = hash();
    }

    void reloadAsync(String why) {
        executor.execute(() -> reload(why));
    }

    void watch(long intervalMs) {
        executor.scheduleWithFixedDelay(() -> {
            byte[] h = hash();
            if (h != null && !Arrays.equals(h, lastHash)) {
                reload("file changed");
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void reload(String why) {
        lastHash = hash();
        try {
            Bootstrap next = ConfigLoader.load(file);
            server.apply(next);
            server.context().stats().configReload(true);
            log.info("config reloaded ({})", why);
        } catch (ConfigException e) {
            server.context().stats().configReload(false);
            log.error("config reload ({}) rejected, the running config keeps serving:\n  {}", why,
                    String.join("\n  ", e.errors().stream().map(Object::toString).toList()));
        } catch (Exception e) {
            server.context().stats().configReload(false);
            log.error("config reload ({}) failed, the running config keeps serving: {}", why, e.toString());
        }
    }

    private byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
