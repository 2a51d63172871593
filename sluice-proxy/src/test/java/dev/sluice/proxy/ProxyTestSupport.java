package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.proxy.testing.TestBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Small helpers shared by the in-process integration tests. */
final class ProxyTestSupport {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();
    // One client for every admin call: building and closing one per call costs ~0.5 s each.
    private static final HttpClient ADMIN_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();

    private ProxyTestSupport() {}

    /** Parses a YAML config; a rejected config fails the test with every error listed. */
    static Bootstrap yaml(String yaml) {
        try {
            return ConfigLoader.parse(yaml, "test");
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** What a client got: status, headers it cares about, the whole body as text. */
    record Reply(int status, okhttp3.Headers headers, String body) {
        String header(String name) {
            return headers.get(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    static Reply call(OkHttpClient client, Request request) {
        try (Response r = client.newCall(request).execute()) {
            return new Reply(r.code(), r.headers(), r.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.url(), e);
        }
    }

    /** Asserts that none of {@code backends} has recorded a request. */
    static void assertNothingReached(TestBackend... backends) {
        for (TestBackend b : backends) {
            assertThat(b.requests()).as("requests that reached %s", b.name()).isEmpty();
        }
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** GET on the admin listener, as text. */
    static HttpResponse<String> admin(SluiceServer server, String path) {
        try {
            return ADMIN_CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
