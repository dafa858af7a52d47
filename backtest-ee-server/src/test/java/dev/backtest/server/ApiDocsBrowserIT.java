package dev.backtest.server;

import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML pages of the server in headless Chromium, under the Content-Security-Policy the server sends: Swagger UI
 * at {@code /docs}, ReDoc at {@code /redoc} and a run report each render, and the browser reports no policy violation
 * and no error on its console (Chromium writes console messages to its log with {@code --enable-logging=stderr}).
 */
@ExtendWith(SharedServer.class)
class ApiDocsBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Console lines that mean something was blocked or broke. */
    private static final List<String> PROBLEMS = List.of("Content Security Policy", "violates", "Refused to", "Uncaught",
            "Failed to load", "Error");

    private ServerProcess server;

    @BeforeEach
    void server(ServerProcess shared) {
        server = shared;
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("CI") == null) {
            System.out.println("[ApiDocsBrowserIT] /usr/bin/chromium not installed: browser check skipped (apt-get install chromium)");
        }
        assumeTrue(present || System.getenv("CI") != null, "Chromium not installed");
        assertThat(present).as("Chromium at " + CHROMIUM + " (installed by .ci/run)").isTrue();
    }

    /** What Chromium made of a page: the DOM after scripts ran, and its console lines. */
    private record Page(String dom, List<String> console) {
    }

    @Test
    void swaggerUiRendersTheOperationsWithNothingBlocked() throws Exception {
        Page page = load("/docs", "docs");
        assertThat(page.dom()).as("Swagger UI rendered the document").contains("opblock").contains("Backtest API")
                .contains("/api/v1/ohlcv/data").contains("/api/v1/strategies/{strategy_id}");
        assertNoProblems(page);
    }

    @Test
    void redocRendersTheOperationsFromOpenApiJsonWithNothingBlocked() throws Exception {
        Page page = load("/redoc", "redoc");
        assertThat(page.dom()).as("ReDoc rendered the document")
                .contains("Backtest API")
                .contains("operation/getServiceIndex") // operation ids become the anchors of the operations
                .contains("Service name, version and links") // an operation's summary
                .contains("/api/v1/ohlcv/data")
                .doesNotContain("cdn.redoc.ly");
        assertNoProblems(page);
    }

    @Test
    void aRunReportRendersWithNothingBlocked() throws Exception {
        Api api = new Api(server, UUID.randomUUID(), null);
        String id = api.newDailyBacktest();
        assertThat(api.post("/api/v1/backtests/" + id + "/run", null).status()).isEqualTo(202);
        assertThat(api.awaitFinished("/api/v1/backtests/" + id + "/run").path("status").asText()).isEqualTo("completed");
        Page page = load("/api/v1/backtests/" + id + "/report", "report");
        assertThat(page.dom()).contains("id=\"equity-chart\"").contains("sharpe_ratio");
        assertNoProblems(page);
    }

    private static void assertNoProblems(Page page) {
        assertThat(page.console()).as("console lines reporting a blocked load or an error")
                .noneMatch(line -> PROBLEMS.stream().anyMatch(line::contains));
    }

    private Page load(String path, String name) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path dom = Path.of("target", name + "-dom.html");
        Path log = Path.of("target", name + "-chromium.log");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=15000", "--dump-dom", server.uri(path).toString()));
        Process chromium = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(dom.toFile()).start();
        boolean finished = chromium.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(finished).as("chromium finished within 90 s").isTrue();
        assertThat(chromium.exitValue()).as("chromium exit code (log: " + log.toAbsolutePath() + ")").isZero();
        List<String> console = Files.readAllLines(log).stream().filter(l -> l.contains(":CONSOLE")).toList();
        System.out.printf("[ApiDocsBrowserIT] %s: %d console lines (%s)%n", path, console.size(), log.toAbsolutePath());
        return new Page(Files.readString(dom), console);
    }
}
