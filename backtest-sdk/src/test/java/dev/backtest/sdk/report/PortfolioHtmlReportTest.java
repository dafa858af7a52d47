package dev.backtest.sdk.report;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.portfolio.AssetContribution;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PortfolioHtmlReportTest {

    private static PortfolioSamples.Sample sample(int days) {
        return PortfolioSamples.run(days, PortfolioOptions.builder().benchmark("SPY").build(), "SPY", "AGG", "GLD");
    }

    @Test
    void isSelfContained() {
        PortfolioSamples.Sample s = sample(600);
        String html = Reports.html(s.result(), s.bars("SPY"));
        assertThat(html).doesNotContain("<link").doesNotContain("@import").doesNotContain("url(").doesNotContain("src=");
        assertThat(html.replace("https://github.com/leeoniya/uPlot", "")).doesNotContain("http://").doesNotContain("https://");
        assertThat(ReportPages.scripts(html)).containsExactly(ChartAssets.get().uplotScript(), ChartAssets.get().chartScript());
    }

    @Test
    void drawsEveryChartAndTable() {
        PortfolioSamples.Sample s = sample(600);
        String html = Reports.html(s.result(), s.bars("SPY"));
        assertThat(html).contains("<title>Portfolio of 3 assets · weighting equal · schedule monthly</title>",
                "id=\"equity-chart\"", "id=\"drawdown-chart\"", "id=\"weights-chart\"", "id=\"trading\"", "id=\"contributions\"",
                "id=\"stats\"", "id=\"monthly-returns\"");
        PortfolioResult r = s.result();
        JsonNode equity = ReportPages.chart(html, "equity-chart");
        assertThat(ReportPages.times(equity)).containsExactly(r.time());
        assertThat(ReportPages.values(equity.path("series").get(0))).containsExactly(r.indexValues());
        BenchmarkIndex b = BenchmarkIndex.of(r, s.bars("SPY"));
        double[] bench = ReportPages.values(ReportPages.series(equity, "SPY, 100 at " + java.time.Instant.ofEpochSecond(b.time()[0])));
        int from = r.time().length - b.values().length;
        assertThat(from).isPositive();
        assertThat(bench[from - 1]).isNaN();
        assertThat(java.util.Arrays.copyOfRange(bench, from, bench.length)).containsExactly(b.values());
        double[] dd = ReportPages.values(ReportPages.chart(html, "drawdown-chart").path("series").get(0));
        assertThat(dd).hasSize(r.time().length);
        assertThat(dd[dd.length - 1]).isEqualTo(-r.drawdown()[dd.length - 1] * 100);
    }

    @Test
    void stacksOneBandPerAssetAndCashOnTop() {
        PortfolioSamples.Sample s = sample(600);
        String html = Reports.html(s.result());
        JsonNode chart = ReportPages.chart(html, "weights-chart");
        assertThat(chart.path("kind").asText()).isEqualTo("stack");
        assertThat(chart.path("series").findValuesAsText("label")).containsExactly("SPY", "AGG", "GLD", "cash");
        double[][] w = s.result().weights();
        int last = s.result().time().length - 1;
        assertThat(ReportPages.values(chart.path("series").get(0))[last]).isCloseTo(w[0][last] * 100, within(1e-9));
        assertThat(ReportPages.values(chart.path("series").get(3))[last])
                .isCloseTo((1 - w[0][last] - w[1][last] - w[2][last]) * 100, within(1e-9));
    }

    @Test
    void reducedWeightsStillSumToTheWhole() {
        PortfolioResult r = sample(600).result();
        double[][] w = r.weights();
        double[][] shares = java.util.Arrays.copyOf(w, w.length + 1);
        shares[w.length] = new double[r.time().length];
        for (int i = 0; i < r.time().length; i++) {
            shares[w.length][i] = 1 - w[0][i] - w[1][i] - w[2][i];
        }
        StackedArea.Reduced reduced = StackedArea.reduce(r.time(), shares, 50);
        assertThat(reduced.size()).isEqualTo(50);
        for (int j = 0; j < reduced.size(); j++) {
            double sum = 0;
            for (double[] layer : reduced.share()) {
                sum += layer[j];
            }
            assertThat(sum).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void listsEveryAssetsContributionAsTheResultHasIt() {
        PortfolioSamples.Sample s = sample(600);
        String html = Reports.html(s.result(), s.bars("SPY"));
        List<AssetContribution> contributions = s.result().contributions();
        assertThat(contributions).extracting(AssetContribution::symbol).containsExactly("SPY", "AGG", "GLD");
        for (AssetContribution c : contributions) {
            String cls = c.pnl() > 0 ? "pos" : c.pnl() < 0 ? "neg" : "";
            assertThat(html).contains("<tr><td>" + c.symbol() + "</td><td class=\"" + cls + "\">" + Display.number(c.pnl())
                    + "</td><td class=\"" + cls + "\">" + Display.number(c.contributionPct()) + "</td><td>"
                    + Display.number(c.commissions()) + "</td><td>" + Display.number(c.unitsHeld()) + "</td><td>"
                    + Display.number(c.valueHeld()) + "</td></tr>");
        }
    }

    @Test
    void showsEveryStatisticWithTheTradingFigures() {
        PortfolioSamples.Sample s = sample(600);
        PortfolioStats st = s.result().stats();
        String html = Reports.html(s.result(), s.bars("SPY"));
        for (String name : PortfolioStats.NAMES) {
            assertThat(html).contains("<tr><td>" + name + "</td><td>");
        }
        assertThat(st.rebalances()).isGreaterThan(1);
        assertThat(html).contains("<tr><td>rebalances</td><td>" + st.rebalances() + "</td></tr>",
                "<tr><td>turnover_pct</td><td>" + String.format(java.util.Locale.ROOT, "%,.2f %%", st.turnoverPct()) + "</td></tr>",
                "<tr><td>commissions</td><td>" + String.format(java.util.Locale.ROOT, "%,.2f", st.commissions()) + "</td></tr>",
                "<tr><td>beta</td><td>" + String.format(java.util.Locale.ROOT, "%.2f", st.beta()) + "</td></tr>",
                "<tr><td>periods_per_year</td><td>" + st.periodsPerYear() + "</td></tr>",
                "<tr><td>start</td><td>2000-01-01T00:00:00Z</td></tr>");
        assertThat(html).contains("<p id=\"trading\">turnover " + String.format(java.util.Locale.ROOT, "%,.2f %%", st.turnoverPct())
                + " a year · commissions " + String.format(java.util.Locale.ROOT, "%,.2f", st.commissions()) + " · " + st.rebalances()
                + " rebalances · " + s.result().fills().size() + " fills</p>");
    }

    @Test
    void showsUndefinedStatisticsAsADash() {
        PortfolioSamples.Sample s = PortfolioSamples.run(300, PortfolioOptions.defaults(), "SPY", "AGG");
        String html = Reports.html(s.result());
        assertThat(html).contains("<tr><td>benchmark_return_pct</td><td>—</td></tr>", "<tr><td>beta</td><td>—</td></tr>")
                .doesNotContain("NaN");
        assertThat(ReportPages.chart(html, "equity-chart").path("series")).hasSize(1);
    }

    @Test
    void benchmarkStartsAt100AtTheFirstFillAndEndsAtItsReturn() {
        PortfolioSamples.Sample s = PortfolioSamples.run(400, PortfolioOptions.builder().weighting(Weighting.inverseVolatility(30))
                .benchmark("SPY").build(), "SPY", "AGG");
        PortfolioResult r = s.result();
        BenchmarkIndex b = BenchmarkIndex.of(r, s.bars("SPY"));
        long firstFill = r.fills().get(0).time();
        assertThat(firstFill).isGreaterThan(r.time()[0]);
        assertThat(b.time()[0]).isEqualTo(firstFill);
        assertThat(b.values()[0]).isEqualTo(100);
        assertThat(b.time()[b.time().length - 1]).isEqualTo(r.time()[r.time().length - 1]);
        assertThat(b.values()[b.values().length - 1]).isCloseTo(100 + r.stats().benchmarkReturnPct(), within(1e-9));
    }

    @Test
    void benchmarkListedAfterTheFirstFillStartsAtItsFirstBar() {
        PortfolioSamples.Sample s = PortfolioSamples.run(400, PortfolioOptions.defaults(), "SPY", "AGG", "GLD");
        CandleSeries gld = s.bars("GLD");
        BenchmarkIndex b = BenchmarkIndex.of(s.result(), gld);
        assertThat(b.time()[0]).isEqualTo(gld.time()[0]);
        assertThat(b.values()[b.values().length - 1]).isCloseTo(100 * gld.close()[gld.size() - 1] / gld.close()[0], within(1e-9));
    }

    @Test
    void refusesABenchmarkSeriesThatCannotBeDrawn() {
        PortfolioSamples.Sample s = sample(300);
        CandleSeries later = PortfolioSamples.randomWalk("LATE", 5, 400, 10);
        assertThatThrownBy(() -> Reports.html(s.result(), later)).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED)).hasMessageContaining("'LATE'")
                .hasMessageContaining("2000-10-26T00:00:00Z");
        assertThatThrownBy(() -> Reports.html(s.result(), (CandleSeries) null)).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void escapesText() {
        String hostile = "<script>alert('x')</script>&co";
        PortfolioSamples.Sample s = PortfolioSamples.run(200, PortfolioOptions.builder()
                .weighting(Weighting.fixed(Map.of(hostile, 0.5, "AGG", 0.5))).schedule(Schedule.quarterly()).benchmark(hostile)
                .build(), hostile, "AGG");
        String html = Reports.html(s.result(), s.bars(hostile));
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;co";
        assertThat(html).doesNotContain("<script>alert").doesNotContain("alert('x')</script>");
        assertThat(html).contains("<title>Portfolio of 2 assets · weighting fixed{", escaped + "=0.5", "<tr><td>" + escaped + "</td>");
        // in the chart data the name is JSON text that cannot end its script element
        assertThat(html).contains("\\u003cscript>alert('x')\\u003c/script>&co");
        assertThat(ReportPages.chart(html, "weights-chart").path("series").get(0).path("label").asText()).isEqualTo(hostile);
    }

    @Test
    void longRunsAreReducedSoThePageStaysSmall() {
        PortfolioSamples.Sample s = sample(20_000);
        assertThat(s.result().time()).hasSize(20_000);
        String html = Reports.html(s.result(), s.bars("SPY"));
        assertThat(ReportPages.withoutScripts(html).length()).isLessThan(600_000);
        for (String id : List.of("equity-chart", "drawdown-chart")) {
            assertThat(ReportPages.chart(html, id).path("x").size()).as(id).isLessThanOrEqualTo(PortfolioHtmlReport.MAX_LINE_POINTS);
        }
        JsonNode weights = ReportPages.chart(html, "weights-chart");
        assertThat(weights.path("x")).hasSize(PortfolioHtmlReport.MAX_LINE_POINTS);
        assertThat(weights.path("series")).hasSize(4);
    }

    @Test
    void manyAssetsShareThePointsOfTheWeightsChart() {
        String[] symbols = new String[40];
        for (int k = 0; k < symbols.length; k++) {
            symbols[k] = "A" + k;
        }
        PortfolioResult r = PortfolioSamples.run(5_000, PortfolioOptions.defaults(), symbols).result();
        String html = Reports.html(r);
        assertThat(ReportPages.chart(html, "weights-chart").path("x")).hasSize(PortfolioHtmlReport.MAX_STACK_POINTS / 41);
        assertThat(ReportPages.withoutScripts(html).length()).isLessThan(1_000_000);
    }

    @Test
    void writesAtomically(@TempDir Path dir) throws Exception {
        PortfolioSamples.Sample s = sample(300);
        Path file = dir.resolve("portfolio.html");
        Reports.writeHtml(s.result(), s.bars("SPY"), file);
        assertThat(Files.readString(file)).isEqualTo(Reports.html(s.result(), s.bars("SPY")));
        Path plain = dir.resolve("plain.html");
        Reports.writeHtml(s.result(), plain);
        assertThat(Files.readString(plain)).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("class=\"benchmark\"");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(file, plain);
        }
    }
}
