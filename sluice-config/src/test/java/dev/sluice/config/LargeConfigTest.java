package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.TenantRoute;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tier in front of thousands of services: the tenant map is the big part of the config. */
class LargeConfigTest {
    private static final int TENANTS = 100_000;

    @Test
    void loadsOneHundredThousandTenants() throws Exception {
        StringBuilder yaml = new StringBuilder(TENANTS * 64);
        yaml.append("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                """);
        for (int i = 0; i < TENANTS; i++) {
            if (i % 2 == 0) {
                yaml.append("        service-").append(i).append(": c").append(i % 10).append('\n');
            } else {
                yaml.append("        service-").append(i).append(": {write: c").append(i % 10)
                        .append(", read: c").append((i + 1) % 10).append("}\n");
            }
        }
        yaml.append("clusters:\n");
        for (int c = 0; c < 10; c++) {
            yaml.append("  - {name: c").append(c).append(", endpoints: [127.0.0.1:").append(9000 + c).append("]}\n");
        }
        assertThat(yaml.length()).as("bigger than SnakeYAML's default 3 MiB limit").isGreaterThan(3 * 1024 * 1024);

        long start = System.nanoTime();
        Bootstrap b = ConfigLoader.parse(yaml.toString(), "large.yaml");
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<String, TenantRoute> tenants = b.listeners().get(0).tenantRouting().tenants();
        assertThat(tenants).hasSize(TENANTS);
        assertThat(tenants.get("service-0")).isEqualTo(new TenantRoute("service-0", "c0", "c0"));
        assertThat(tenants.get("service-99999")).isEqualTo(new TenantRoute("service-99999", "c9", "c0"));
        // about 1 s warm on a laptop, 4 s in a cold test JVM; the bound catches a quadratic slip, not jitter
        assertThat(millis).as("load time in ms").isLessThan(20_000);
    }

    @Test
    void reportsAnErrorDeepInALargeFileAtItsLine() {
        StringBuilder yaml = new StringBuilder("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                """);
        for (int i = 0; i < TENANTS; i++) {
            yaml.append("        t").append(i).append(": ").append(i == 77_777 ? "nope" : "c").append('\n');
        }
        yaml.append("clusters: [{name: c, endpoints: [127.0.0.1:1]}]\n");

        assertThat(Rejections.errors(yaml.toString())).containsExactly(
                "listeners[0].tenant_routing.tenants.t77777: unknown cluster 'nope' (line 77783)");
    }
}
