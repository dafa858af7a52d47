package dev.backtest.sdk.report;

import dev.backtest.engine.portfolio.AssetContribution;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A portfolio run as one self-contained HTML page, in the frame of the single-asset report ({@link HtmlPage},
 * {@link Chart}): the equity as an index (100 at the start) with the benchmark when one is given, the drawdown, the
 * weights over time as a stacked area with cash on top, the trading (turnover, commissions, rebalances, fills),
 * each asset's contribution, and every statistic of {@link PortfolioStats#NAMES}. All text is escaped.
 *
 * <pre>{@code
 * String html = PortfolioHtmlReport.render(result, BenchmarkIndex.of(result, spy));
 * }</pre>
 */
final class PortfolioHtmlReport {

    /**
     * Points of the weights chart over all its bands: with many assets each band gets fewer than
     * {@link Chart#MAX_LINE_POINTS}, so the page does not grow with the number of assets times the number of times.
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
        StringBuilder h = HtmlPage.open(title(r));
        h.append("<p>").append(r.symbols().size()).append(" assets · ").append(Svg.escape(r.options().baseCurrency())).append(" · ")
                .append(Display.value(time.length)).append(" times · ").append(Instant.ofEpochSecond(time[0])).append(" to ")
                .append(Instant.ofEpochSecond(time[time.length - 1])).append("</p>\n");
        equity(h, r, benchmark);
        double[] dd = r.drawdown();
        double[] ddPct = new double[dd.length];
        for (int i = 0; i < dd.length; i++) {
            ddPct[i] = -dd[i] * 100;
        }
        h.append("<h2>Drawdown</h2>\n").append(Chart.drawdown(time, ddPct));
        weights(h, r);
        PortfolioStats s = r.stats();
        h.append("<h2>Trading</h2>\n<p id=\"trading\">turnover ").append(Svg.display(s.turnoverPct())).append(" % a year · commissions ")
                .append(Svg.display(s.commissions())).append(" · ").append(Svg.display(s.rebalances())).append(" rebalances · ")
                .append(Svg.display(r.fills().size())).append(" fills</p>\n");
        contributions(h, r.contributions());
        HtmlPage.statistics(h, statistics(s));
        return HtmlPage.close(h);
    }

    /** "Portfolio of 3 assets · weighting equal · schedule monthly". */
    static String title(PortfolioResult r) {
        int n = r.symbols().size();
        PortfolioOptions o = r.options();
        return "Portfolio of " + n + (n == 1 ? " asset" : " assets") + " · weighting " + o.weighting() + " · schedule " + o.schedule();
    }

    private static void equity(StringBuilder h, PortfolioResult r, BenchmarkIndex benchmark) {
        List<Chart.Line> lines = new ArrayList<>(2);
        h.append("<h2>Equity</h2>\n<p class=\"legend\"><span style=\"color:").append(EQUITY_COLOR)
                .append("\">━ portfolio, 100 at the start</span>");
        if (benchmark != null) {
            h.append("<span style=\"color:").append(BENCHMARK_COLOR).append("\">━ ").append(Svg.escape(benchmark.symbol()))
                    .append(", 100 at ").append(Instant.ofEpochSecond(benchmark.time()[0])).append("</span>");
            lines.add(new Chart.Line(benchmark.time(), benchmark.values(), BENCHMARK_COLOR, "benchmark"));
        }
        h.append("</p>\n");
        lines.add(new Chart.Line(r.time(), r.indexValues(), EQUITY_COLOR, "equity"));
        h.append(Chart.lines("equity-chart", 280, r.time(), lines));
    }

    private static void weights(StringBuilder h, PortfolioResult r) {
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
        List<StackedArea.Layer> layers = new ArrayList<>(shares.length);
        h.append("<h2>Weights</h2>\n<p class=\"legend\">");
        for (int k = 0; k < shares.length; k++) {
            StackedArea.Layer layer = k < w.length ? new StackedArea.Layer(r.symbols().get(k), PALETTE.get(k % PALETTE.size()))
                    : new StackedArea.Layer("cash", CASH_COLOR);
            layers.add(layer);
            h.append("<span style=\"color:").append(layer.color()).append("\">■ ").append(Svg.escape(layer.name())).append("</span>");
        }
        h.append("</p>\n");
        int perBand = Math.max(2, Math.min(Chart.MAX_LINE_POINTS, MAX_STACK_POINTS / shares.length));
        h.append(StackedArea.chart("weights-chart", r.time(), shares, layers, perBand));
    }

    private static void contributions(StringBuilder h, List<AssetContribution> contributions) {
        h.append("<h2>Contributions</h2>\n<table id=\"contributions\"><thead><tr><th>asset</th><th>pnl</th><th>contribution %</th>"
                + "<th>commissions</th><th>units held</th><th>value held</th></tr></thead><tbody>\n");
        for (AssetContribution c : contributions) {
            String cls = c.pnl() > 0 ? "pos" : c.pnl() < 0 ? "neg" : "";
            h.append("<tr><td>").append(Svg.escape(c.symbol())).append("</td><td class=\"").append(cls).append("\">")
                    .append(Svg.display(c.pnl())).append("</td><td class=\"").append(cls).append("\">")
                    .append(Svg.display(c.contributionPct())).append("</td><td>").append(Svg.display(c.commissions()))
                    .append("</td><td>").append(Svg.display(c.unitsHeld())).append("</td><td>").append(Svg.display(c.valueHeld()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** Every statistic by name, typed so that {@link Display#value(Object)} shows times as ISO-8601 and counts as integers. */
    static Map<String, Object> statistics(PortfolioStats s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : PortfolioStats.NAMES) {
            out.put(name, switch (name) {
                case "start" -> Instant.ofEpochSecond(s.start()).toString();
                case "end" -> Instant.ofEpochSecond(s.end()).toString();
                case "rebalances" -> s.rebalances();
                case "periods_per_year" -> s.periodsPerYear();
                default -> s.metric(name);
            });
        }
        return out;
    }
}
