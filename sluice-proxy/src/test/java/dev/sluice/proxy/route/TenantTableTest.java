package dev.sluice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.LbPolicy;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.RoutingPriority;
import dev.sluice.proxy.TestConfigs;
import dev.sluice.proxy.http.Cause;
import dev.sluice.proxy.lb.LoadBalancers;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.ClusterRuntime;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TenantTableTest {
    private static RouteTarget target(String label) {
        return new RouteTarget(null, null, label, null);
    }

    private static String label(RouteTarget t) {
        return t == null ? null : t.tenantLabel();
    }

    private static RouteTarget[] pair(RouteTarget read, RouteTarget write) {
        RouteTarget[] p = new RouteTarget[RequestKind.values().length];
        p[RequestKind.READ.ordinal()] = read;
        p[RequestKind.WRITE.ordinal()] = write;
        return p;
    }

    /** A header value as the HTTP/1.1 decoder hands it over: a view into a larger buffer. */
    private static AsciiString view(String value) {
        byte[] b = ("X-Scope-OrgID: " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new AsciiString(b, 15, b.length - 17, false);
    }

    @Test
    void everyTenantOfAHundredThousandIsFoundAndNothingElse() {
        int n = 100_000;
        TenantTable table = new TenantTable(n);
        RouteTarget[] targets = new RouteTarget[n];
        for (int i = 0; i < n; i++) {
            targets[i] = target("t" + i);
            table.put("tenant-" + i, pair(targets[i], targets[i]));
        }
        assertThat(table.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(label(table.lookup(view("tenant-" + i), RequestKind.WRITE))).isEqualTo("t" + i);
        }
        assertThat(table.lookup(view("tenant-" + n), RequestKind.WRITE)).isNull();
        assertThat(table.lookup(view("Tenant-1"), RequestKind.WRITE)).as("case-sensitive").isNull();
        assertThat(table.lookup(view("tenant-1 "), RequestKind.WRITE)).isNull();
        assertThat(table.lookup(view(""), RequestKind.WRITE)).isNull();
    }

    /** Keys are kept as three words plus the rest: every length around those edges, every last byte. */
    @Test
    void idsOfEveryLengthUpToFortyMatchOnlyThemselvesByteForByte() {
        TenantTable table = new TenantTable(80);
        StringBuilder id = new StringBuilder();
        RouteTarget[] targets = new RouteTarget[41];
        for (int len = 1; len <= 40; len++) {
            id.append((char) ('a' + len % 26));
            targets[len] = target("len" + len);
            table.put(id.toString(), pair(targets[len], targets[len]));
        }
        for (int len = 1; len <= 40; len++) {
            String key = id.substring(0, len);
            assertThat(label(table.lookup(view(key), RequestKind.READ))).as("view, length %d", len).isEqualTo("len" + len);
            byte[] alone = key.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(label(table.lookup(new AsciiString(alone, false), RequestKind.READ)))
                    .as("a value that ends its array, length %d", len).isEqualTo("len" + len);
            String lastByteChanged = key.substring(0, len - 1) + 'Z';
            assertThat(table.lookup(view(lastByteChanged), RequestKind.READ)).as("last byte, length %d", len).isNull();
            String firstByteChanged = 'Z' + key.substring(1);
            assertThat(table.lookup(view(firstByteChanged), RequestKind.READ)).as("first byte, length %d", len).isNull();
        }
    }

    @Test
    void readsAndWritesHaveTheirOwnTargets() {
        TenantTable table = new TenantTable(1);
        RouteTarget r = target("r");
        RouteTarget w = target("w");
        table.put("team-a", pair(r, w));
        assertThat(table.lookup("team-a", RequestKind.READ)).isSameAs(r);
        assertThat(label(table.lookup("team-a", RequestKind.WRITE))).isEqualTo("w");
    }

    @Test
    void theEntryRoutesExactlyAsItsWriteTargetAndIsTheReadTargetWhenBothAreOne() {
        TenantTable table = new TenantTable(1);
        RouteTarget a = target("a");
        RouteTarget b = target("b");
        WeightedSplit split = new WeightedSplit(new RouteTarget[] {a, b}, new int[] {1, 1}, null);
        ProxyStats stats = new ProxyStats();
        ClusterRuntime cluster = new ClusterRuntime(TestConfigs.cluster("blue", 9), LoadBalancers.factory(LbPolicy.ROUND_ROBIN),
                stats.cluster("blue"), stats.health("blue"));
        RouteTarget both = new RouteTarget(cluster, Cause.NO_ROUTE, "team-a", stats.target("ingress", "blue", "team-a"),
                split, RoutingPriority.HIGH);
        table.put("team-a", pair(both, both));
        RouteTarget write = table.lookup("team-a", RequestKind.WRITE);
        assertThat(table.lookup("team-a", RequestKind.READ)).isSameAs(write);
        assertThat(write).isNotSameAs(both);
        assertThat(write.cluster()).isSameAs(cluster);
        assertThat(write.reject()).isSameAs(Cause.NO_ROUTE);
        assertThat(write.tenantLabel()).isEqualTo("team-a");
        assertThat(write.stats()).isSameAs(stats.target("ingress", "blue", "team-a")).isNotNull();
        assertThat(write.split()).isSameAs(split);
        assertThat(write.priority()).isEqualTo(RoutingPriority.HIGH);
    }

    @Test
    void idsAreMatchedAsTheirUtf8BytesWhetherTheValueIsAViewOrAString() {
        TenantTable table = new TenantTable(2);
        RouteTarget t = target("u");
        table.put("\u00e9quipe", pair(t, t));
        String utf8AsLatin1 = new String("\u00e9quipe".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(label(table.lookup(view(utf8AsLatin1), RequestKind.READ))).isEqualTo("u");
        assertThat(label(table.lookup(utf8AsLatin1, RequestKind.READ))).as("HTTP/2 hands over a String").isEqualTo("u");
        assertThat(table.lookup("\u00e9quipe", RequestKind.READ)).as("its Latin-1 bytes").isNull();
    }

    @Test
    void aDuplicateIdIsRefused() {
        TenantTable table = new TenantTable(2);
        table.put("a", pair(target("1"), target("1")));
        assertThatThrownBy(() -> table.put("a", pair(target("2"), target("2"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
