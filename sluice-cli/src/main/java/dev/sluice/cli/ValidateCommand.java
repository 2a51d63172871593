package dev.sluice.cli;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.model.Bootstrap;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice validate FILE}: every error with its YAML path and line; exit 1 when any. */
@Command(name = "validate", description = "Check a config file and list every error with its path and line.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the YAML config file")
    Path file;

    @Override
    public Integer call() {
        try {
            Bootstrap b = ConfigLoader.load(file);
            int tenants = b.listeners().stream()
                    .mapToInt(l -> l.tenantRouting() == null ? 0 : l.tenantRouting().tenants().size()).sum();
            System.out.printf("%s: valid (%d listener(s), %d cluster(s), %d tenant(s))%n", file,
                    b.listeners().size(), b.clusters().size(), tenants);
            return 0;
        } catch (ConfigException e) {
            System.err.printf("%s: %d error(s)%n", file, e.errors().size());
            for (ConfigError err : e.errors()) {
                System.err.println("  " + err);
            }
            return 1;
        }
    }
}
