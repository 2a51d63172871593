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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file on demand (SIGHUP) and when its content changes. Changes are seen by
 * watching the file's directories ({@link DirectoryWatch}): nothing runs while nothing changes, so
 * the proxy's core is not woken every second. Each change is hashed, so a touch or a rewrite of
 * the same bytes does not reload. Where the file system cannot be watched, the file is polled: a
 * poll is a stat, and the content is hashed only when the stat changed (and every
 * {@code fullHashEvery} polls). All reloads run on one thread, in order.
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
    private volatile long checks;
    private volatile DirectoryWatch watch;
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

    /**
     * Reloads when the content changes: read {@code intervalMs} after a change is seen (an
     * editor's writes settle), or, where the directories cannot be watched, polled that often.
     */
    void watch(long intervalMs) {
        try {
            DirectoryWatch w = new DirectoryWatch(file);
            watch = w;
            Thread t = new Thread(() -> awaitChanges(w, intervalMs), "sluice-config-watch");
            t.setDaemon(true);
            t.start();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot watch the directories of {} ({}); polling it every {} ms", file, e, intervalMs);
            poll(intervalMs);
        }
    }

    /** Checks the file every {@code intervalMs}: the fallback of {@link #watch}. */
    void poll(long intervalMs) {
        executor.scheduleWithFixedDelay(this::pollOnce, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Whether changes come from a directory watch (false: polled, or not watched). */
    boolean watching() {
        return watch != null;
    }

    /** The directories the watch follows now. */
    Set<Path> watchedDirectories() {
        DirectoryWatch w = watch;
        return w == null ? Set.of() : w.directories();
    }

    /** Checks of the file so far (a poll, or a seen change hashed); tests wait on it. */
    long checks() {
        return checks;
    }

    private void awaitChanges(DirectoryWatch w, long settleMs) {
        try {
            while (w.awaitChange(settleMs)) {
                executor.execute(this::changeSeen);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a rejected task after close, or a watch that broke: reloads still come on SIGHUP
            if (!executor.isShutdown()) {
                log.error("config watch stopped; reload with SIGHUP: {}", e.toString());
            }
        }
    }

    private void changeSeen() {
        checks++;
        // Hashed every time: a same-size edit in the same mtime tick is an event with an unchanged stat.
        byte[] h = hash();
        if (h != null && !Arrays.equals(h, lastHash)) {
            reload("file changed");
        }
    }

    private void pollOnce() {
        long n = ++checks;
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
        DirectoryWatch w = watch;
        if (w != null) {
            w.close();
        }
        executor.shutdownNow();
    }
}
