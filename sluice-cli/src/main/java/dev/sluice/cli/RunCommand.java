package dev.sluice.cli;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.proxy.SluiceServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code sluice run --config FILE}: serve until SIGTERM/SIGINT (graceful drain). The config is
 * reloaded on SIGHUP and when the file changes; an invalid one is logged and the old keeps serving.
 */
@Command(name = "run", description = "Run Sluice with a config file.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the YAML config file")
    Path config;

    @Option(names = "--watch-interval-ms", defaultValue = "1000",
            description = "how long after a change to the config file it is read; where its directory "
                    + "cannot be watched, how often it is polled (0: reload only on SIGHUP)")
    long watchIntervalMs;

    @Override
    public Integer call() throws Exception {
        Bootstrap initial;
        try {
            initial = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println(config + ": invalid config, not starting:");
            e.errors().forEach(err -> System.err.println("  " + err));
            return 1;
        }
        SluiceServer server = SluiceServer.start(initial);
        ConfigReloader reloader = new ConfigReloader(config, server);
        Signal.handle(new Signal("HUP"), s -> reloader.reloadAsync("SIGHUP"));
        if (watchIntervalMs > 0) {
            reloader.watch(watchIntervalMs);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            reloader.close();
            server.shutdown(server.context().snapshot().config().drainTimeout());
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            log.info("stopped");
        }, "sluice-shutdown"));
        stopped.await();
        return 0;
    }
}
