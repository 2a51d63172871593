package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.config.ConfigLoader;
import dev.sluice.proxy.SluiceServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's reloader: a changed file is applied; an invalid one is rejected and the old config keeps serving. The
 * watch sees edits, renames and symlink swaps without running while nothing changes; the fallback poll is a stat, and
 * content that changed behind an unchanged stat is caught by its periodic full hash.
 */
class ConfigReloaderTest {

    @TempDir
    Path dir;

    private final List<HttpServer> backends = new java.util.ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private int blue;
    private int green;
    private Path file;
    private SluiceServer sluice;
    private ConfigReloader reloader;

    /** A JDK HTTP server that answers with its name. */
    private int backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = name.getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        backends.add(server);
        return server.getAddress().getPort();
    }

    private String yaml(String teamACluster) {
        return """
                admin:
                  address: 127.0.0.1:0
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: %s
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:%d]
                  - name: green
                    endpoints: [127.0.0.1:%d]
                """.formatted(teamACluster, blue, green);
    }

    @BeforeEach
    void start() throws Exception {
        blue = backend("blue");
        green = backend("green");
        file = Files.writeString(dir.resolve("sluice.yaml"), yaml("blue"));
        sluice = SluiceServer.start(ConfigLoader.load(file));
        reloader = new ConfigReloader(file, sluice);
    }

    /** Replaces the reloader set up with one on {@code path} that hashes the content every {@code n} polls. */
    private void useReloader(Path path, int n) {
        reloader.close();
        reloader = new ConfigReloader(path, sluice, n);
    }

    /** Config that sends team-a to green, the same byte size as {@code yaml("blue")}. */
    private String greenSameSizeAsBlue() {
        String green = yaml("green").stripTrailing();
        assertThat(green).hasSameSizeAs(yaml("blue"));
        return green;
    }

    @AfterEach
    void stop() {
        reloader.close();
        sluice.close();
        backends.forEach(b -> b.stop(0));
    }

    private String teamA() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sluice.port("ingress") + "/api/v1/query"))
                .header("X-Scope-OrgID", "team-a").build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private String reloadCounters() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sluice.adminPort() + "/stats/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return String.join("\n", metrics.lines().filter(l -> l.startsWith("sluice_config_reloads_total")).toList());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    private boolean teamAIs(String expected) {
        try {
            return teamA().equals(expected);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean countersContain(String expected) {
        try {
            return reloadCounters().contains(expected);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void changedFileIsAppliedByThePoller() throws Exception {
        useReloader(file, Integer.MAX_VALUE); // the changed stat alone must trigger it
        assertThat(teamA()).isEqualTo("200 blue");
        reloader.poll(50);
        Files.writeString(file, yaml("green"));
        await(() -> teamAIs("200 green"), "team-a moves to green");
        assertThat(reloadCounters()).contains("sluice_config_reloads_total{result=\"success\"} 1");
    }

    @Test
    void invalidFileIsRejectedAndTheOldConfigKeepsServing() throws Exception {
        Files.writeString(file, yaml("nowhere").replace("endpoints: [127.0.0.1:" + green + "]",
                "endpoints: [127.0.0.1:70000]"));
        reloader.reloadAsync("test");
        await(() -> countersContain("{result=\"rejected\"} 1"), "the reload is rejected");
        assertThat(teamA()).isEqualTo("200 blue");

        // A fixed file after a rejected one is applied (on SIGHUP, here reloadAsync).
        Files.writeString(file, yaml("green"));
        reloader.reloadAsync("test");
        await(() -> teamAIs("200 green"), "the fixed file is applied");
    }

    @Test
    void rewritingTheSameContentDoesNotReload() throws Exception {
        reloader.poll(50);
        Files.writeString(file, yaml("blue"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        long seen = reloader.checks();
        await(() -> reloader.checks() >= seen + 2, "the poller looks at the rewritten file");

        // A real edit afterwards is the first reload: the rewrite was hashed and let be.
        Files.writeString(file, yaml("green"));
        await(() -> teamAIs("200 green"), "team-a moves to green");
        assertThat(reloadCounters()).contains("sluice_config_reloads_total{result=\"success\"} 1");
    }

    @Test
    void symlinkSwapToANewTargetIsPickedUp() throws Exception {
        // The Kubernetes ConfigMap layout: sluice.yaml -> ..data/sluice.yaml, ..data -> a versioned directory.
        Path v1 = Files.writeString(Files.createDirectory(dir.resolve("v1")).resolve("sluice.yaml"), yaml("blue"));
        Path v2 = Files.writeString(Files.createDirectory(dir.resolve("v2")).resolve("sluice.yaml"),
                greenSameSizeAsBlue());
        Files.setLastModifiedTime(v2, Files.getLastModifiedTime(v1)); // only the link target tells them apart
        Path data = Files.createSymbolicLink(dir.resolve("..data"), Path.of("v1"));
        Path link = Files.createSymbolicLink(dir.resolve("mounted.yaml"), Path.of("..data", "sluice.yaml"));
        useReloader(link, Integer.MAX_VALUE);
        reloader.poll(50);

        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("v2"));
        Files.move(next, data, StandardCopyOption.ATOMIC_MOVE);
        await(() -> teamAIs("200 green"), "team-a moves to green after the swap");
    }

    @Test
    void sameSizeSameMtimeEditIsCaughtByThePeriodicFullHash() throws Exception {
        useReloader(file, 3);
        FileStamp before = FileStamp.of(file);
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, greenSameSizeAsBlue());
        Files.setLastModifiedTime(file, mtime);
        assertThat(FileStamp.of(file)).as("the stat cannot see the edit").isEqualTo(before);

        reloader.poll(50);
        await(() -> teamAIs("200 green"), "the full hash finds the edit");
    }

    // ---- the watch (inotify on Linux) ----------------------------------------------------------

    /** Starts the watch on a reloader that never hashes by itself, and checks it is not the poll fallback. */
    private void watch(Path path) {
        useReloader(path, Integer.MAX_VALUE);
        reloader.watch(50);
        assertThat(reloader.watching()).as("the directories are watched, not polled").isTrue();
    }

    @Test
    void watchDoesNothingWhileNothingChanges() throws Exception {
        watch(file);
        Files.writeString(dir.resolve("unrelated.txt"), "x"); // a change in the directory: one check
        await(() -> reloader.checks() >= 1, "the change in the directory is checked");
        long seen = reloader.checks();
        Thread.sleep(400);
        assertThat(reloader.checks()).as("no check without a change").isEqualTo(seen);
        assertThat(teamA()).isEqualTo("200 blue");
        assertThat(reloadCounters()).as("no reload, applied or rejected").doesNotContainPattern("\\} [1-9]");
    }

    @Test
    void watchAppliesAnEditInPlace() throws Exception {
        watch(file);
        Files.writeString(file, yaml("green"));
        await(() -> teamAIs("200 green"), "team-a moves to green");
        assertThat(reloadCounters()).contains("sluice_config_reloads_total{result=\"success\"} 1");
    }

    @Test
    void watchAppliesAFileReplacedByARename() throws Exception {
        watch(file);
        Path tmp = Files.writeString(dir.resolve(".sluice.yaml.swp"), yaml("green"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await(() -> teamAIs("200 green"), "team-a moves to green");
    }

    @Test
    void watchSeesASameSizeSameMtimeEdit() throws Exception {
        watch(file);
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, greenSameSizeAsBlue());
        Files.setLastModifiedTime(file, mtime);
        await(() -> teamAIs("200 green"), "every change seen is hashed");
    }

    @Test
    void watchRewritingTheSameContentDoesNotReload() throws Exception {
        watch(file);
        Files.writeString(file, yaml("blue"));
        await(() -> reloader.checks() >= 1, "the rewrite is checked");
        Files.writeString(file, yaml("green"));
        await(() -> teamAIs("200 green"), "team-a moves to green");
        assertThat(reloadCounters()).contains("sluice_config_reloads_total{result=\"success\"} 1");
    }

    @Test
    void watchFollowsAConfigMapSwapAndEditsInTheNewTarget() throws Exception {
        Path v1 = Files.writeString(Files.createDirectory(dir.resolve("v1")).resolve("sluice.yaml"), yaml("blue"));
        Path v2dir = Files.createDirectory(dir.resolve("v2"));
        Path v2 = Files.writeString(v2dir.resolve("sluice.yaml"), greenSameSizeAsBlue());
        Files.setLastModifiedTime(v2, Files.getLastModifiedTime(v1));
        Path data = Files.createSymbolicLink(dir.resolve("..data"), Path.of("v1"));
        Path link = Files.createSymbolicLink(dir.resolve("mounted.yaml"), Path.of("..data", "sluice.yaml"));
        watch(link);
        assertThat(reloader.watchedDirectories()).containsExactlyInAnyOrder(dir, dir.resolve("v1").toRealPath());

        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("v2"));
        Files.move(next, data, StandardCopyOption.ATOMIC_MOVE);
        await(() -> teamAIs("200 green"), "team-a moves to green after the swap");
        Path v2real = v2dir.toRealPath();
        await(() -> reloader.watchedDirectories().contains(v2real), "the new target's directory is watched");

        // An edit inside the directory the link now resolves to (not the link's own) is seen too.
        Files.writeString(v2, yaml("blue"));
        await(() -> teamAIs("200 blue"), "team-a moves back to blue");
    }

    @Test
    void aDirectoryThatCannotBeWatchedIsPolled() throws Exception {
        useReloader(dir.resolve("not-yet").resolve("sluice.yaml"), Integer.MAX_VALUE);
        reloader.watch(50);
        assertThat(reloader.watching()).as("a missing directory cannot be watched").isFalse();
        await(() -> reloader.checks() >= 2, "the fallback poll runs");
    }
}
