package dev.sluice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.RoutingPriority;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TenantTableTest {
    private static final RouteTarget[] SHARED = {target(), target(), target()};

    private static RouteTarget target() {
        return RouteTarget.perTenant(null, null, RoutingPriority.DEFAULT);
    }

    private static RouteTarget[] targets(RouteTarget read, RouteTarget write) {
        RouteTarget[] p = new RouteTarget[RequestKind.values().length];
        p[RequestKind.READ.ordinal()] = read;
        p[RequestKind.WRITE.ordinal()] = write;
        return p;
    }

    private static int[] stats(int read, int write) {
        int[] p = new int[RequestKind.values().length];
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
    void everyTenantOfAHundredThousandFindsItsTargetsAndStatsAndNothingElseIsFound() {
        int n = 100_000;
        TenantTable.Builder b = new TenantTable.Builder();
        for (int i = 0; i < n; i++) {
            b.put("tenant-" + i, targets(SHARED[i % 3], SHARED[(i + 1) % 3]), stats(2 * i, 2 * i + 1));
        }
        TenantTable table = b.build();
        assertThat(table.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            int slot = table.find(view("tenant-" + i));
            assertThat(slot).as("tenant-%d", i).isNotEqualTo(TenantTable.NOT_FOUND);
            assertThat(table.target(slot, RequestKind.READ)).isSameAs(SHARED[i % 3]);
            assertThat(table.target(slot, RequestKind.WRITE)).isSameAs(SHARED[(i + 1) % 3]);
            assertThat(table.statsId(slot, RequestKind.READ)).isEqualTo(2 * i);
            assertThat(table.statsId(slot, RequestKind.WRITE)).isEqualTo(2 * i + 1);
        }
        assertThat(table.find(view("tenant-" + n))).isEqualTo(TenantTable.NOT_FOUND);
        assertThat(table.find(view("Tenant-1"))).as("case-sensitive").isEqualTo(TenantTable.NOT_FOUND);
        assertThat(table.find(view("tenant-1 "))).isEqualTo(TenantTable.NOT_FOUND);
        assertThat(table.find(view(""))).isEqualTo(TenantTable.NOT_FOUND);
    }

    /** Keys are kept as three words in the slot plus the rest beside it: every length around those edges. */
    @Test
    void idsOfEveryLengthUpToFortyMatchOnlyThemselvesByteForByte() {
        TenantTable.Builder b = new TenantTable.Builder();
        StringBuilder id = new StringBuilder();
        for (int len = 1; len <= 40; len++) {
            id.append((char) ('a' + len % 26));
            b.put(id.toString(), targets(SHARED[0], SHARED[0]), stats(len, len));
        }
        TenantTable table = b.build();
        for (int len = 1; len <= 40; len++) {
            String key = id.substring(0, len);
            assertThat(table.statsId(table.find(view(key)), RequestKind.READ)).as("view, length %d", len).isEqualTo(len);
            byte[] alone = key.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(table.statsId(table.find(new AsciiString(alone, false)), RequestKind.READ))
                    .as("a value that ends its array, length %d", len).isEqualTo(len);
            String lastByteChanged = key.substring(0, len - 1) + 'Z';
            assertThat(table.find(view(lastByteChanged))).as("last byte, length %d", len).isEqualTo(TenantTable.NOT_FOUND);
            String firstByteChanged = 'Z' + key.substring(1);
            assertThat(table.find(view(firstByteChanged))).as("first byte, length %d", len).isEqualTo(TenantTable.NOT_FOUND);
        }
        assertThat(table.find(view(id + "a"))).as("one byte longer than any").isEqualTo(TenantTable.NOT_FOUND);
    }

    @Test
    void longIdsThatShareTheirFirst24BytesAreTwoTenants() {
        String prefix = "0123456789abcdef01234567";
        TenantTable table = new TenantTable.Builder()
                .put(prefix + "-one", targets(SHARED[0], SHARED[0]), stats(1, 1))
                .put(prefix + "-two", targets(SHARED[1], SHARED[1]), stats(2, 2))
                .put("short", targets(SHARED[2], SHARED[2]), stats(3, 3))
                .build();
        assertThat(table.statsId(table.find(prefix + "-one"), RequestKind.WRITE)).isEqualTo(1);
        assertThat(table.statsId(table.find(prefix + "-two"), RequestKind.WRITE)).isEqualTo(2);
        assertThat(table.statsId(table.find("short"), RequestKind.WRITE)).isEqualTo(3);
        assertThat(table.find(prefix)).isEqualTo(TenantTable.NOT_FOUND);
        assertThat(table.find(prefix + "-on")).isEqualTo(TenantTable.NOT_FOUND);
        assertThat(table.find(prefix + "-three")).isEqualTo(TenantTable.NOT_FOUND);
    }

    @Test
    void aSplitTenantsStatsIdIsLeftToItsSplitAndSurvivesPacking() {
        TenantTable table = new TenantTable.Builder()
                .put("team-a", targets(SHARED[0], SHARED[1]), stats(RouteTarget.STATS_PER_TENANT, Integer.MAX_VALUE))
                .build();
        int slot = table.find("team-a");
        assertThat(table.statsId(slot, RequestKind.READ)).isEqualTo(RouteTarget.STATS_PER_TENANT);
        assertThat(table.statsId(slot, RequestKind.WRITE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(table.target(slot, RequestKind.READ)).isSameAs(SHARED[0]);
        assertThat(table.target(slot, RequestKind.WRITE)).isSameAs(SHARED[1]);
    }

    @Test
    void idsAreMatchedAsTheirUtf8BytesWhetherTheValueIsAViewOrAString() {
        TenantTable table = new TenantTable.Builder()
                .put("\u00e9quipe", targets(SHARED[0], SHARED[0]), stats(5, 5)).build();
        String utf8AsLatin1 = new String("\u00e9quipe".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(table.statsId(table.find(view(utf8AsLatin1)), RequestKind.READ)).isEqualTo(5);
        assertThat(table.statsId(table.find(utf8AsLatin1), RequestKind.READ)).as("HTTP/2 hands over a String").isEqualTo(5);
        assertThat(table.find("\u00e9quipe")).as("its Latin-1 bytes").isEqualTo(TenantTable.NOT_FOUND);
    }

    @Test
    void aDuplicateOrEmptyIdIsRefused() {
        TenantTable.Builder b = new TenantTable.Builder()
                .put("a", targets(SHARED[0], SHARED[0]), stats(1, 1))
                .put("a", targets(SHARED[1], SHARED[1]), stats(2, 2));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate tenant a");
        String longId = "x".repeat(30);
        TenantTable.Builder longer = new TenantTable.Builder()
                .put(longId, targets(SHARED[0], SHARED[0]), stats(1, 1))
                .put(longId, targets(SHARED[0], SHARED[0]), stats(1, 1));
        assertThatThrownBy(longer::build).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantTable.Builder().put("", targets(SHARED[0], SHARED[0]), stats(1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyTableFindsNothing() {
        TenantTable table = new TenantTable.Builder().build();
        assertThat(table.size()).isZero();
        assertThat(table.find("anyone")).isEqualTo(TenantTable.NOT_FOUND);
    }
}
