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
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file on demand (SIGHUP) and when its content changes. Polling (not inotify)
 * also catches editors that replace the file and Kubernetes ConfigMap symlink swaps. A poll is a
 * stat; the content is read and hashed only when the stat changed, so a touch does not reload.
 * All reloads run on one thread, in order.
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
    private final int fullHashEvery;
    private volatile long polls;
    private FileStamp lastStamp;
    private byte[] lastHash;

    ConfigReloader(Path file, SluiceServer server) {
        this(file, server, 30);
    }

    /**
     * @param fullHashEvery hash the content every this many polls even if the stat is unchanged:
     *     a same-size edit within the filesystem's mtime granularity, or an editor that restores
     *     the mtime, leaves the stat as it was.
     */
    ConfigReloader(Path file, SluiceServer server, int fullHashEvery) {
        this.file = file;
        this.server = server;
        this.fullHashEvery = fullHashEvery;
        // Stamp before hashing: a change in between leaves a stale stamp, which only costs a rehash.
        this.lastStamp = FileStamp.of(file);
        this.lastHash = hash();
    }

    void reloadAsync(String why) {
        executor.execute(() -> reload(why));
    }

    void watch(long intervalMs) {
        executor.scheduleWithFixedDelay(this::poll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Polls run so far; tests wait on it to know the poller has looked. */
    long polls() {
        return polls;
    }

    private void poll() {
        long n = ++polls;
        FileStamp stamp = FileStamp.of(file);
        if (Objects.equals(stamp, lastStamp) && n % fullHashEvery != 0) {
            return;
        }
        lastStamp = stamp;
        byte[] h = hash();
        if (h != null && !Arrays.equals(h, lastHash)) {
            reload("file changed");
        }
    }

    private void reload(String why) {
        lastStamp = FileStamp.of(file);
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
