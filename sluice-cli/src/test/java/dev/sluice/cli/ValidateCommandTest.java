package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice validate}: exit 0 and a summary for a good file; exit 1 and every error for a bad one. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Main()).execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void validFileExitsZeroWithASummary() throws Exception {
        Path file = Files.writeString(dir.resolve("good.yaml"), """
                listeners:
                  - name: ingress
                    address: 127.0.0.1:19080
                    tenant_routing:
                      tenants:
                        team-a: blue
                        team-b: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:19091]
                """);
        Result r = run("validate", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("good.yaml: valid (1 listener(s), 1 cluster(s), 2 tenant(s))");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void invalidFileExitsOneListingEveryErrorWithPathAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                listeners:
                  - name: ingress
                    address: 127.0.0.1:19080
                    tenant_routing:
                      tennants:
                        team-a: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:70000]
                """);
        Result r = run("validate", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.yaml: ")
                .contains("listeners[0].tenant_routing.tennants")
                .contains("did you mean 'tenants'?")
                .contains("(line 5)")
                .contains("clusters[0].endpoints[0]")
                .contains("(line 9)");
        assertThat(r.out()).doesNotContain("valid (");
    }

    @Test
    void missingFileExitsOne() {
        Result r = run("validate", dir.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nope.yaml");
    }

    @Test
    void missingArgumentIsAUsageError() {
        Result r = run("validate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter");
    }
}
