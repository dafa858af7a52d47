package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
