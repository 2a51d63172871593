package dev.sluice.config;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;

/** Runs the loader on YAML that must be rejected and returns its errors as the operator reads them. */
final class Rejections {
    private Rejections() {}

    static ConfigException rejection(String yaml) {
        try {
            ConfigLoader.parse(yaml, "test.yaml");
        } catch (ConfigException e) {
            return e;
        }
        return fail("expected the config to be rejected:\n" + yaml);
    }

    static List<String> errors(String yaml) {
        return rejection(yaml).errors().stream().map(ConfigError::toString).toList();
    }
}
