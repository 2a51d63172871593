package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Waits, without waking, for a change to the directories that decide what a config path reads:
 * the directory the path names and the one its symlinks resolve to. On Linux this is inotify: an
 * in-place edit, a replace by rename and a Kubernetes ConfigMap swap (the {@code ..data} symlink
 * renamed in the path's own directory) all raise an event. A poll instead ran Java on the proxy's
 * core every second, for nothing on almost every run. Waited on from one thread.
 */
final class DirectoryWatch implements AutoCloseable {
    private final Path file;
    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private volatile Set<Path> watched = Set.of();

    /** Watches the directories of {@code file}; throws if this file system cannot watch them. */
    DirectoryWatch(Path file) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.service = FileSystems.getDefault().newWatchService();
        try {
            // Where the JDK has no native watch it scans every 10 s on a thread of its own: slower
            // than the caller's poll and no cheaper, so the caller polls instead.
            if (service.getClass().getSimpleName().startsWith("Polling")) {
                throw new IOException("the JDK only polls directories on this platform");
            }
            follow();
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Blocks until something changed in a watched directory, then waits {@code settleMs} more and
     * takes the events that came meanwhile, so an editor's several writes are read once. Watches
     * the directory a swapped symlink now resolves to. False once closed.
     */
    boolean awaitChange(long settleMs) throws InterruptedException {
        try {
            WatchKey key = service.take();
            if (settleMs > 0) {
                Thread.sleep(settleMs);
            }
            do {
                key.pollEvents();
                key.reset();
            } while ((key = service.poll(0, TimeUnit.MILLISECONDS)) != null);
            follow();
            return true;
        } catch (ClosedWatchServiceException e) {
            return false;
        } catch (IOException e) {
            return true; // the path does not resolve mid-swap: still a change; the next event re-follows
        }
    }

    /** Registers the directories the path depends on now and drops those it no longer does. */
    private void follow() throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(file.getParent());
        try {
            dirs.add(file.toRealPath().getParent());
        } catch (IOException e) {
            // missing mid-swap: the path's own directory still sees it come back
        }
        keys.entrySet().removeIf(e -> {
            if (dirs.contains(e.getKey())) {
                return false;
            }
            e.getValue().cancel();
            return true;
        });
        for (Path dir : dirs) {
            if (!keys.containsKey(dir)) {
                keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
            }
        }
        watched = Set.copyOf(keys.keySet());
    }

    /** The directories watched now, from any thread; tests check that a swap is followed. */
    Set<Path> directories() {
        return watched;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
