package dev.backtest.sdk.report;

import dev.backtest.engine.portfolio.AssetContribution;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A portfolio run as one self-contained HTML page, in the frame of the single-asset report ({@link HtmlPage},
 * interactive uPlot charts): the equity as an index (100 at the start) with the benchmark when one is given, the
 * drawdown, the weights over time stacked to 100 % with cash on top, the trading (turnover, commissions, rebalances,
 * fills), each asset's contribution, the monthly returns of the index, and every statistic of
 * {@link PortfolioStats#NAMES}. All text is escaped.
 *
 * <pre>{@code
 * String html = PortfolioHtmlReport.render(result, BenchmarkIndex.of(result, spy));
 * }</pre>
 */
final class PortfolioHtmlReport {

    static final int MAX_LINE_POINTS = HtmlReport.MAX_LINE_POINTS;
    /**
     * Points of the weights chart over all its bands: with many assets each band gets fewer than
     * {@link #MAX_LINE_POINTS}, so the page does not grow with the number of assets times the number of times.
     */
    static final int MAX_STACK_POINTS = 30_000;
    static final String EQUITY_COLOR = "#1a73e8";
    static final String BENCHMARK_COLOR = "#9aa0a6";
    static final String CASH_COLOR = "#bdc1c6";
    private static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f");

    private PortfolioHtmlReport() {
    }

    /** The page; {@code benchmark} may be null (the equity chart then shows the portfolio alone). */
    static String render(PortfolioResult r, BenchmarkIndex benchmark) {
        long[] time = r.time();
        HtmlPage page = new HtmlPage(title(r));
        StringBuilder h = page.html();
        h.append("<p>").append(r.symbols().size()).append(" assets · ").append(HtmlPage.escape(r.options().baseCurrency())).append(" · ")
                .append(Display.value(time.length)).append(" times · ").append(Instant.ofEpochSecond(time[0])).append(" to ")
                .append(Instant.ofEpochSecond(time[time.length - 1])).append("</p>\n")
                .append("<p class=\"hint\">Hover a chart to read its values; drag over time to zoom, double-click to reset.</p>\n");
        double[] dd = r.drawdown();
        double[] ddPct = new double[dd.length];
        for (int i = 0; i < dd.length; i++) {
            ddPct[i] = -dd[i] * 100;
        }
        double[] bench = benchmarkOnTimeline(time, benchmark);
        int[] kept = LineReducer.indices(time.length, MAX_LINE_POINTS, r.indexValues(), bench, ddPct);
        long[] x = LineReducer.pick(time, kept);
        List<ChartSpec.Series> lines = new ArrayList<>(2);
        lines.add(new ChartSpec.Series("portfolio, 100 at the start", EQUITY_COLOR, ChartSpec.Style.LINE, LineReducer.pick(r.indexValues(), kept)));
        if (benchmark != null) {
            lines.add(new ChartSpec.Series(benchmark.symbol() + ", 100 at " + Instant.ofEpochSecond(benchmark.time()[0]), BENCHMARK_COLOR,
                    ChartSpec.Style.LINE, LineReducer.pick(bench, kept)));
        }
        page.chart("Equity", new ChartSpec("equity-chart", 280, ChartSpec.Kind.LINES, "", x, lines));
        page.chart("Drawdown", HtmlReport.drawdown(x, LineReducer.pick(ddPct, kept)));
        page.chart("Weights", weights(r));
        PortfolioStats s = r.stats();
        h.append("<h2>Trading</h2>\n<p id=\"trading\">turnover ").append(HtmlPage.escape(StatFormat.format("turnover_pct", s.turnoverPct())))
                .append(" a year · commissions ").append(HtmlPage.escape(StatFormat.format("commissions", s.commissions()))).append(" · ")
                .append(HtmlPage.display(s.rebalances())).append(" rebalances · ").append(HtmlPage.display(r.fills().size()))
                .append(" fills</p>\n");
        contributions(h, r.contributions());
        page.monthlyReturns(MonthlyReturns.of(time, r.indexValues()));
        page.statistics(statistics(s));
        return page.close();
    }

    /** "Portfolio of 3 assets · weighting equal · schedule monthly". */
    static String title(PortfolioResult r) {
        int n = r.symbols().size();
        PortfolioOptions o = r.options();
        return "Portfolio of " + n + (n == 1 ? " asset" : " assets") + " · weighting " + o.weighting() + " · schedule " + o.schedule();
    }

    /** The benchmark's values on the whole timeline: NaN before it starts (its times are the timeline's from there on). */
    private static double[] benchmarkOnTimeline(long[] time, BenchmarkIndex benchmark) {
        double[] out = new double[time.length];
        Arrays.fill(out, Double.NaN);
        if (benchmark != null) {
            int from = time.length - benchmark.values().length;
            System.arraycopy(benchmark.values(), 0, out, from, benchmark.values().length);
        }
        return out;
    }

    /** The weights over time, stacked to 100 %, cash on top; each band gets fewer points when there are many assets. */
    private static ChartSpec weights(PortfolioResult r) {
        double[][] w = r.weights();
        int n = r.time().length;
        double[] cash = new double[n];
        Arrays.fill(cash, 1);
        for (double[] asset : w) {
            for (int i = 0; i < n; i++) {
                cash[i] -= asset[i];
            }
        }
        double[][] shares = Arrays.copyOf(w, w.length + 1);
        shares[w.length] = cash;
        int perBand = Math.max(2, Math.min(MAX_LINE_POINTS, MAX_STACK_POINTS / shares.length));
        StackedArea.Reduced reduced = StackedArea.reduce(r.time(), shares, perBand);
        List<ChartSpec.Series> series = new ArrayList<>(shares.length);
        for (int k = 0; k < shares.length; k++) {
            double[] pct = new double[reduced.size()];
            for (int j = 0; j < pct.length; j++) {
                pct[j] = reduced.share()[k][j] * 100;
            }
            series.add(k < w.length ? new ChartSpec.Series(r.symbols().get(k), PALETTE.get(k % PALETTE.size()), ChartSpec.Style.AREA, pct)
                    : new ChartSpec.Series("cash", CASH_COLOR, ChartSpec.Style.AREA, pct));
        }
        return new ChartSpec("weights-chart", 240, ChartSpec.Kind.STACK, "%", Arrays.copyOf(reduced.time(), reduced.size()), series);
    }

    private static void contributions(StringBuilder h, List<AssetContribution> contributions) {
        h.append("<h2>Contributions</h2>\n<table id=\"contributions\"><thead><tr><th>asset</th><th>pnl</th><th>contribution %</th>"
                + "<th>commissions</th><th>units held</th><th>value held</th></tr></thead><tbody>\n");
        for (AssetContribution c : contributions) {
            String cls = c.pnl() > 0 ? "pos" : c.pnl() < 0 ? "neg" : "";
            h.append("<tr><td>").append(HtmlPage.escape(c.symbol())).append("</td><td class=\"").append(cls).append("\">")
                    .append(HtmlPage.display(c.pnl())).append("</td><td class=\"").append(cls).append("\">")
                    .append(HtmlPage.display(c.contributionPct())).append("</td><td>").append(HtmlPage.display(c.commissions()))
                    .append("</td><td>").append(HtmlPage.display(c.unitsHeld())).append("</td><td>").append(HtmlPage.display(c.valueHeld()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** Every statistic by name, typed so that {@link StatFormat} shows times as ISO-8601 and counts as integers. */
    static Map<String, Object> statistics(PortfolioStats s) {
        return StatFormat.typed(PortfolioStats.NAMES, s, s.start(), s.end(),
                Map.of("rebalances", s.rebalances(), "periods_per_year", s.periodsPerYear()));
    }
}
