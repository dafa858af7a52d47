package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {

    @Test
    void isSelfContainedWithUPlotInlinedAndAllowedByThePolicyHashes() {
        String html = HtmlReport.render(ReportSamples.sample(500, 10, "SMA 10/30"));
        assertThat(html).doesNotContain("<link").doesNotContain("@import").doesNotContain("url(").doesNotContain("src=")
                .doesNotContain("<img").doesNotContain("<iframe");
        List<String> scripts = ReportPages.scripts(html);
        ChartAssets assets = ChartAssets.get();
        assertThat(scripts).containsExactly(assets.uplotScript(), assets.chartScript());
        assertThat(assets.uplotScript()).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
        // the only address in the page is the one in uPlot's licence comment
        assertThat(html.replace("https://github.com/leeoniya/uPlot", "")).doesNotContain("http://").doesNotContain("https://");
        String policy = Reports.contentSecurityPolicy();
        for (String script : scripts) {
            assertThat(policy).contains("'" + ChartAssets.sha256(script) + "'");
        }
        assertThat(policy).startsWith("default-src 'none';").doesNotContain("unsafe-eval").doesNotContain("script-src 'unsafe-inline'");
    }

    @Test
    void policyHashesAreTheSha256OfTheScripts() {
        assertThat(ChartAssets.sha256("alert(1)")).isEqualTo("sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
    }

    @Test
    void drawsEveryChartAndTable() {
        ReportData d = ReportSamples.sample(500, 10, "SMA 10/30");
        String html = HtmlReport.render(d);
        assertThat(html).contains("<div class=\"chart\" id=\"equity-chart\"", "<div class=\"chart\" id=\"drawdown-chart\"",
                "<div class=\"chart\" id=\"candle-chart\"", "id=\"stats\"", "id=\"trades\"", "id=\"monthly-returns\"", "<noscript>");
        JsonNode equity = ReportPages.chart(html, "equity-chart");
        assertThat(ReportPages.times(equity)).containsExactly(d.time());
        assertThat(ReportPages.values(ReportPages.series(equity, "equity"))).containsExactly(d.equity());
        double[] buyHold = ReportPages.values(ReportPages.series(equity, "buy and hold"));
        assertThat(buyHold[0]).isEqualTo(d.equity()[0]);
        assertThat(buyHold[499]).isEqualTo(d.equity()[0] * d.close()[499] / d.close()[0]);
        JsonNode drawdown = ReportPages.chart(html, "drawdown-chart");
        assertThat(drawdown.path("unit").asText()).isEqualTo("%");
        assertThat(ReportPages.values(ReportPages.series(drawdown, "drawdown"))).containsExactly(d.drawdownPct());
        JsonNode candles = ReportPages.chart(html, "candle-chart");
        assertThat(candles.path("kind").asText()).isEqualTo("candles");
        assertThat(candles.path("x")).hasSize(Math.min(500, HtmlReport.MAX_CANDLES));
        assertThat(markers(candles, "long entry") + markers(candles, "short entry")).isEqualTo(d.trades().size());
        assertThat(markers(candles, "exit")).isEqualTo(d.trades().size());
        assertThat(html).contains("<tr><td>return_pct</td><td>" + StatFormat.format("return_pct", d.stats().get("return_pct")) + "</td>")
                .contains("<tr><td>sharpe_ratio</td><td>—</td>").contains("<tr><td>trades</td><td>10</td>");
    }

    @Test
    void thousandsOfTradesAreThinnedToOneMarkerOfEachKindPerCandle() {
        ReportData d = ReportSamples.sample(20_000, 5_000, "busy");
        assertThat(d.trades()).hasSizeGreaterThan(3_000);
        JsonNode candles = ReportPages.chart(HtmlReport.render(d), "candle-chart");
        assertThat(candles.path("x")).hasSize(HtmlReport.MAX_CANDLES);
        assertThat(markers(candles, "exit")).isGreaterThan(HtmlReport.MAX_CANDLES / 2).isLessThanOrEqualTo(HtmlReport.MAX_CANDLES);
        assertThat(markers(candles, "long entry") + markers(candles, "short entry")).isLessThanOrEqualTo(2 * HtmlReport.MAX_CANDLES);
        // a marker sits on the candle holding its trade, at the first such trade's price
        CandleReducer.Candles c = CandleReducer.reduce(d.time(), d.open(), d.high(), d.low(), d.close(), HtmlReport.MAX_CANDLES);
        ReportData.Trade first = d.trades().get(0);
        assertThat(ReportPages.values(ReportPages.series(candles, "long entry"))[HtmlReport.slot(c, first.entryTime())])
                .isEqualTo(first.entryPrice());
    }

    @Test
    void aRunWithoutBarsStillReadsAsTables() {
        double[] none = new double[0];
        String html = HtmlReport.render(new ReportData("empty", "BTC", "1h", new long[0], none, none, none, none, none, none,
                java.util.Map.of("trades", 0), List.of()));
        assertThat(html).contains("0 bars", "id=\"monthly-returns\"", "<tr><td>trades</td><td>0</td></tr>", "No closed trades.")
                .doesNotContain("class=\"chart\"");
        assertThat(ReportPages.charts(html)).isEmpty();
    }

    @Test
    void aMissingAssetIsAnInternalErrorNamingTheDependency() {
        assertThatThrownBy(() -> ChartAssets.read(getClass().getClassLoader(), "META-INF/resources/webjars/uplot/0.0.0/dist/uPlot.js"))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("org.webjars.npm:uplot:" + ChartAssets.UPLOT_VERSION);
        assertThat(ChartAssets.load()).isEqualTo(ChartAssets.get());
    }

    @Test
    void monthlyReturnsAreAHeatmapOfTintedCells() {
        ReportData d = ReportSamples.sample(20_000, 10, "heat");
        String html = HtmlReport.render(d);
        MonthlyReturns m = MonthlyReturns.of(d.time(), d.equity());
        String table = html.substring(html.indexOf("<table class=\"heatmap\""), html.indexOf("</table>", html.indexOf("heatmap")));
        assertThat(table).contains("<th>year</th><th>Jan</th><th>Feb</th>", "<th>Dec</th><th>total</th>", "<tr><th>2024</th>");
        assertThat(table).contains(">" + String.format(java.util.Locale.ROOT, "%,.2f", m.pct()[0][1]) + "</td>");
        assertThat(table).contains("<td></td>").containsPattern("style=\"background:rgba\\(19,115,51,0\\.\\d\\d\\)\"")
                .containsPattern("style=\"background:rgba\\(179,38,30,0\\.\\d\\d\\)\"");
    }

    @Test
    void escapesText() {
        String html = HtmlReport.render(ReportSamples.sample(50, 2, "<script>alert('x')</script> & co"));
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co");
    }

    @Test
    void longSeriesAreReducedButKeepTheExtremes() {
        ReportData d = ReportSamples.sample(200_000, 100, "long");
        String html = HtmlReport.render(d);
        JsonNode equity = ReportPages.chart(html, "equity-chart");
        double[] kept = ReportPages.values(ReportPages.series(equity, "equity"));
        assertThat(kept.length).isLessThanOrEqualTo(HtmlReport.MAX_LINE_POINTS).isGreaterThan(HtmlReport.MAX_LINE_POINTS / 3);
        assertThat(Arrays.stream(kept).max().orElseThrow()).isEqualTo(Arrays.stream(d.equity()).max().orElseThrow());
        assertThat(Arrays.stream(kept).min().orElseThrow()).isEqualTo(Arrays.stream(d.equity()).min().orElseThrow());
        double[] dd = ReportPages.values(ReportPages.chart(html, "drawdown-chart").path("series").get(0));
        assertThat(Arrays.stream(dd).min().orElseThrow()).isEqualTo(Arrays.stream(d.drawdownPct()).min().orElseThrow());
        assertThat(ReportPages.withoutScripts(html).length()).isLessThan(400_000);
    }

    @Test
    void mergedCandlesKeepFirstOpenExtremesAndLastClose() {
        long[] t = {1, 2, 3, 4};
        CandleReducer.Candles c = CandleReducer.reduce(t, new double[] {10, 11, 12, 13}, new double[] {15, 19, 14, 16},
                new double[] {9, 8, 10, 12}, new double[] {11, 12, 13, 14}, 2);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.open()).containsExactly(10, 12);
        assertThat(c.high()).containsExactly(19, 16);
        assertThat(c.low()).containsExactly(8, 10);
        assertThat(c.close()).containsExactly(12, 14);
    }

    @Test
    void writesAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.html");
        HtmlReport.write(ReportSamples.sample(100, 3, "x"), file);
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static int markers(JsonNode chart, String label) {
        return (int) Arrays.stream(ReportPages.values(ReportPages.series(chart, label))).filter(Double::isFinite).count();
    }
}
