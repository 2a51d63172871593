package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.ClassifyRule;
import dev.sluice.config.model.RequestKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default read/write classification against the paths real clients use. */
class DefaultsTest {

    /** First matching rule wins; no match is the default kind, READ. */
    private static RequestKind classify(String method, String path) {
        for (ClassifyRule r : Defaults.CLASSIFY_RULES) {
            boolean methodOk = r.methods().isEmpty() || r.methods().contains(method);
            boolean pathOk = r.pathExact() != null ? path.equals(r.pathExact()) : path.startsWith(r.pathPrefix());
            if (methodOk && pathOk) {
                return r.kind();
            }
        }
        return Defaults.DEFAULT_KIND;
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
        // ingest
        "POST, /api/v1/push, WRITE",
        "POST, /api/v1/write, WRITE",
        "POST, /api/prom/push, WRITE",
        "POST, /loki/api/v1/push, WRITE",
        "POST, /v1/metrics, WRITE",
        "POST, /v1/logs, WRITE",
        "POST, /v1/traces, WRITE",
        "POST, /otlp/v1/metrics, WRITE",
        "POST, /otlp/v1/logs, WRITE",
        "POST, /api/v1/import, WRITE",
        "POST, /api/v1/import/prometheus, WRITE",
        // queries, including the ones sent as POST
        "POST, /api/v1/read, READ",
        "POST, /api/v1/query, READ",
        "GET, /api/v1/query_range, READ",
        "GET, /prometheus/api/v1/query, READ",
        "POST, /prometheus/api/v1/query_range, READ",
        "GET, /prometheus/api/v1/labels, READ",
        "GET, /loki/api/v1/query_range, READ",
        "GET, /loki/api/v1/tail, READ",
        "GET, /api/search, READ",
        // a GET on a push path is not ingest
        "GET, /api/v1/push, READ",
    })
    void classifiesTelemetryApis(String method, String path, RequestKind expected) {
        assertThat(classify(method, path)).isEqualTo(expected);
    }
}
