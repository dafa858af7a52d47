package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.index.IndexInput;
import dev.backtest.sdk.index.IndexView;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saved report's HTML export (an index_performance report of a real index run on H2, its benchmark line included)
 * rendered in headless Chromium ({@link HeadlessChromium}) under {@link Reports#contentSecurityPolicy()} (set by a
 * {@code meta} element here, as the server sends it in a header): both charts are drawn with ink, the index and its
 * benchmark in the legend, and nothing is blocked or thrown. The page and its screenshot stay in
 * {@code target/report-screenshots}.
 */
class SavedReportBrowserIT {

    @TempDir
    Path dataDir;

    @Test
    void anExportedIndexReportRendersItsChartsUnderTheReportPolicy() throws Exception {
        HeadlessChromium.assumeInstalled("SavedReportBrowserIT");
        Path out = Files.createDirectories(Path.of("target", "report-screenshots")).toAbsolutePath();
        Path html = out.resolve("saved-index-report.html");
        try (BacktestClient c = BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(TestDatabases.freshH2())
                .sampleData(true).set(ConfigKey.BACKTEST_WORKERS, "1")
                .runTiming(new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4, Duration.ofMillis(200))).build()) {
            UUID me = UUID.randomUUID();
            c.users().ensure(me, me + "@example.com");
            IndexView ix = c.indexes().create(me, IndexInput.builder().name("Majors <b>&</b>").universe("BTC", "ETH")
                    .weighting("market_cap").maxWeight(0.7).schedule("monthly").benchmark("BTC").startDate(LocalDate.of(2023, 3, 1))
                    .build());
            c.indexes().run(me, ix.id());
            Await.await(() -> c.indexes().latestRun(me, ix.id()).status().finished(), Duration.ofSeconds(120));
            assertThat(c.indexes().latestRun(me, ix.id()).status()).isEqualTo(RunStatus.COMPLETED);
            ReportView r = c.reports().create(me, new ReportRequest("index_performance", null, null, null, null, null, ix.id()));
            String page = c.reports().export(me, r.id(), ReportFormat.HTML).body();
            Files.writeString(html, page.replaceFirst("<head>", "<head><meta http-equiv=\"Content-Security-Policy\" content=\""
                    + Reports.contentSecurityPolicy() + "\">"));
        }

        try (HeadlessChromium chromium = HeadlessChromium.start(1200, 1400)) {
            chromium.open(html.toUri());
            chromium.await("document.body.dataset.charts === '2'", 30);
            JsonNode inked = chromium.evaluate("Array.from(document.querySelectorAll('.chart canvas')).map(c => { const px = "
                    + "c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; "
                    + "for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) n++; } return n; })");
            assertThat(inked).hasSize(2);
            inked.forEach(n -> assertThat(n.asInt()).isGreaterThan(2_000));
            assertThat(chromium.evaluate("Array.from(document.querySelectorAll('#index-chart .u-legend .u-series .u-label'))"
                    + ".map(e => e.textContent)").toString()).contains("index", "BTC (rebased)");
            assertThat(chromium.evaluate("document.title").asText()).startsWith("Index performance · Majors <b>&</b>");
            assertThat(chromium.evaluate("document.querySelectorAll('#returns tbody tr').length").asInt()).isGreaterThanOrEqualTo(2);
            Files.write(out.resolve("saved-index-report.png"), chromium.screenshot());
            assertThat(chromium.problems).as("policy violations, exceptions and console errors").isEmpty();
        }
    }
}
