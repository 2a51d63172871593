package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.TenantRouting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The files in examples/ are what newcomers copy: every one of them must load. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void everyExampleLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).as("examples in " + EXAMPLES.toAbsolutePath()).isNotEmpty();
        for (Path f : files) {
            try {
                ConfigLoader.load(f);
            } catch (ConfigException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
    }

    /** Complete configs shown in the reference (those with listeners and clusters) load too. */
    @Test
    void configsInTheReferenceLoad() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "config.md"));
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int complete = 0;
        while (block.find()) {
            String yaml = block.group(1);
            if (yaml.startsWith("listeners:") || yaml.contains("\nlisteners:")) {
                if (yaml.contains("\nclusters:")) {
                    complete++;
                    try {
                        ConfigLoader.parse(yaml, "docs/config.md block " + complete);
                    } catch (ConfigException e) {
                        throw new AssertionError(e.getMessage() + "\n" + yaml, e);
                    }
                }
            }
        }
        assertThat(complete).as("complete configs found in docs/config.md").isGreaterThanOrEqualTo(3);
    }

    @Test
    void twoTenantsExampleSaysWhatItsNameSays() throws Exception {
        Bootstrap b = ConfigLoader.load(EXAMPLES.resolve("two-tenants.yaml"));

        assertThat(b.admin().address()).isEqualTo(new HostPort("127.0.0.1", 19901));
        assertThat(b.accessLog().toStdout()).isTrue();
        assertThat(b.listeners()).hasSize(1);
        assertThat(b.listeners().get(0).name()).isEqualTo("ingress");
        assertThat(b.listeners().get(0).address()).isEqualTo(new HostPort("127.0.0.1", 19080));
        TenantRouting t = b.listeners().get(0).tenantRouting();
        assertThat(t.header()).isEqualTo("X-Scope-OrgID");
        assertThat(t.tenants()).containsOnly(
                Map.entry("team-a", new TenantRoute("team-a", "blue", "blue")),
                Map.entry("team-b", new TenantRoute("team-b", "green", "green")));
        assertThat(t.missingTenant()).isEqualTo(TenantFallback.REJECT);
        assertThat(t.unknownTenant()).isEqualTo(TenantFallback.REJECT);
        assertThat(b.cluster("blue").orElseThrow().endpoints().get(0).address())
                .isEqualTo(new HostPort("127.0.0.1", 19091));
        assertThat(b.cluster("green").orElseThrow().endpoints().get(0).address())
                .isEqualTo(new HostPort("127.0.0.1", 19092));
    }
}
