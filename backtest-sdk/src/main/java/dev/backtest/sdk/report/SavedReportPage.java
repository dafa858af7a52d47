package dev.backtest.sdk.report;

import dev.backtest.sdk.run.RunResults;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A saved report as one self-contained HTML page, drawn from its stored content with the pieces the run reports use
 * ({@link HtmlPage}, {@link ChartSpec}): source, summary, charts (backtest_summary), the returns heatmap, the trades.
 *
 * <pre>{@code
 * String html = SavedReportPage.render(client.reports().get(me, reportId));
 * }</pre>
 */
final class SavedReportPage {

    static final int MAX_TRADE_ROWS = 500;

    private SavedReportPage() {
    }

    static String render(ReportView r) {
        ReportContent c = r.content();
        HtmlPage page = new HtmlPage(r.title());
        StringBuilder h = page.html();
        if (c.index() != null) {
            return renderIndex(r, c, page);
        }
        ReportContent.Source s = c.source();
        h.append("<p id=\"source\">").append(HtmlPage.escape(s.backtestName())).append(" · ").append(HtmlPage.escape(s.symbol()))
                .append(" · ").append(HtmlPage.escape(s.timeframe())).append(" · ").append(HtmlPage.escape(s.strategy())).append(' ')
                .append(HtmlPage.escape(s.parameters().toString())).append(" · ").append(r.startDate()).append(" to ").append(r.endDate())
                .append("</p>\n");
        provenance(h, r, s.runId());
        page.statistics(summary(c.summary()));
        ReportContent.Equity e = c.equity();
        if (e.time().length > 0) {
            int[] kept = LineReducer.indices(e.time().length, HtmlReport.MAX_LINE_POINTS, e.equity(), e.drawdownPct());
            long[] x = LineReducer.pick(e.time(), kept);
            page.chart("Equity", new ChartSpec("equity-chart", 280, ChartSpec.Kind.LINES, "", x, List.of(
                    new ChartSpec.Series("equity", HtmlReport.EQUITY_COLOR, ChartSpec.Style.LINE, LineReducer.pick(e.equity(), kept)))));
            page.chart("Drawdown", HtmlReport.drawdown(x, LineReducer.pick(e.drawdownPct(), kept)));
        }
        h.append("<h2>Monthly and yearly returns (%)</h2>\n").append(returnsTable(c));
        if (r.type().equals(ReportType.BACKTEST_SUMMARY.wire())) {
            h.append("<h2>Trades</h2>\n").append(tradesTable(c.trades()));
        }
        return page.close();
    }

    private static void provenance(StringBuilder h, ReportView r, java.util.UUID runId) {
        h.append("<p class=\"legend\">").append(HtmlPage.escape(r.type())).append(" · run ").append(runId)
                .append(" · fingerprint <code>").append(HtmlPage.escape(r.sourceFingerprint())).append("</code> · created ")
                .append(r.createdAt() == null ? "" : r.createdAt().toInstant()).append("</p>\n");
    }

    /** An index_performance report: the index and its benchmark, the drawdown, the returns, the risk metrics. */
    private static String renderIndex(ReportView r, ReportContent c, HtmlPage page) {
        ReportContent.IndexPerformance ix = c.index();
        StringBuilder h = page.html();
        h.append("<p id=\"source\">").append(HtmlPage.escape(ix.indexName())).append(" · ").append(HtmlPage.escape(ix.weighting()))
                .append(" · ").append(HtmlPage.escape(String.join(", ", ix.universe()))).append(" · ").append(HtmlPage.escape(ix.baseCurrency()))
                .append(" · ").append(r.startDate()).append(" to ").append(r.endDate()).append("</p>\n");
        provenance(h, r, ix.runId());
        Map<String, Object> figures = summary(c.summary());
        figures.keySet().removeAll(List.of("trades", "winning_trades", "win_rate_pct"));
        ReportContent.BenchmarkComparison b = ix.benchmark();
        if (b != null) {
            figures.put("benchmark", b.symbol());
            figures.put("benchmark_return_pct", b.benchmarkReturnPct());
            figures.put("excess_return_pct", b.excessReturnPct());
            figures.put("tracking_error_ann_pct", b.trackingErrorAnnPct());
            figures.put("information_ratio", b.informationRatio());
            figures.put("beta", b.beta());
            figures.put("correlation", b.correlation());
        }
        figures.putAll(ix.riskMetrics());
        page.statistics(figures);
        ReportContent.Equity e = c.equity();
        double[] bench = new double[e.time().length];
        java.util.Arrays.fill(bench, Double.NaN);
        if (b != null) {
            Map<java.time.LocalDate, Double> byDay = new java.util.HashMap<>();
            b.points().forEach(p -> byDay.put(p.date(), p.benchmark()));
            for (int i = 0; i < bench.length; i++) {
                Double v = byDay.get(java.time.LocalDate.ofInstant(java.time.Instant.ofEpochSecond(e.time()[i]), java.time.ZoneOffset.UTC));
                bench[i] = v == null ? Double.NaN : v;
            }
        }
        int[] kept = LineReducer.indices(e.time().length, HtmlReport.MAX_LINE_POINTS, e.equity(), bench, e.drawdownPct());
        long[] x = LineReducer.pick(e.time(), kept);
        List<ChartSpec.Series> series = new java.util.ArrayList<>(List.of(
                new ChartSpec.Series("index", HtmlReport.EQUITY_COLOR, ChartSpec.Style.LINE, LineReducer.pick(e.equity(), kept))));
        if (b != null) {
            series.add(new ChartSpec.Series(b.symbol() + " (rebased)", PortfolioHtmlReport.BENCHMARK_COLOR, ChartSpec.Style.LINE,
                    LineReducer.pick(bench, kept)));
        }
        page.chart("Index value", new ChartSpec("index-chart", 280, ChartSpec.Kind.LINES, "", x, series));
        page.chart("Drawdown", HtmlReport.drawdown(x, LineReducer.pick(e.drawdownPct(), kept)));
        h.append("<h2>Monthly and yearly returns (%)</h2>\n").append(returnsTable(c));
        return page.close();
    }

    private static Map<String, Object> summary(ReportContent.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bars", s.bars());
        m.put("first_time", s.firstTime().toInstant().toString());
        m.put("last_time", s.lastTime().toInstant().toString());
        m.put("start_equity", s.startEquity());
        m.put("end_equity", s.endEquity());
        m.put("return_pct", s.returnPct());
        m.put("max_drawdown_pct", s.maxDrawdownPct());
        m.put("trades", s.trades());
        m.put("winning_trades", s.winningTrades());
        m.put("win_rate_pct", s.winRatePct());
        return m;
    }

    /** One row a year, one column a month then the year; each cell tinted by its return (green up, red down). */
    private static String returnsTable(ReportContent c) {
        Map<String, Map<Integer, ReportContent.PeriodReturn>> years = new TreeMap<>();
        for (ReportContent.PeriodReturn m : c.monthly()) {
            years.computeIfAbsent(m.period().substring(0, 4), y -> new TreeMap<>()).put(Integer.parseInt(m.period().substring(5)), m);
        }
        Map<String, ReportContent.PeriodReturn> yearly = new TreeMap<>();
        c.yearly().forEach(y -> yearly.put(y.period(), y));
        StringBuilder s = new StringBuilder("<table id=\"returns\" class=\"heatmap\"><thead><tr><th>year</th>");
        for (Month m : Month.values()) {
            s.append("<th>").append(m.getDisplayName(TextStyle.SHORT, Locale.ROOT)).append("</th>");
        }
        s.append("<th>year</th></tr></thead><tbody>\n");
        for (Map.Entry<String, Map<Integer, ReportContent.PeriodReturn>> y : years.entrySet()) {
            s.append("<tr><td>").append(y.getKey()).append("</td>");
            for (int month = 1; month <= 12; month++) {
                cell(s, y.getValue().get(month));
            }
            cell(s, yearly.get(y.getKey()));
            s.append("</tr>\n");
        }
        return s.append("</tbody></table>\n").toString();
    }

    private static void cell(StringBuilder s, ReportContent.PeriodReturn p) {
        if (p == null) {
            s.append("<td></td>");
            return;
        }
        Double v = p.returnPct();
        String style = "";
        if (v != null && v != 0) {
            double alpha = Math.min(1.0, Math.abs(v) / 10.0) * 0.6 + 0.1;
            style = " style=\"background:rgba(" + (v > 0 ? "19,115,51" : "179,38,30") + "," + String.format(Locale.ROOT, "%.2f", alpha) + ")\"";
        }
        s.append("<td data-period=\"").append(HtmlPage.escape(p.period())).append('"').append(style).append('>')
                .append(HtmlPage.display(v)).append("</td>");
    }

    private static String tradesTable(List<RunResults.TradeRow> trades) {
        if (trades.isEmpty()) {
            return "<p id=\"trades\">No trades closed in the period.</p>\n";
        }
        StringBuilder s = new StringBuilder("<table id=\"trades\"><thead><tr><th>#</th><th>entry</th><th>exit</th><th>size</th>"
                + "<th>entry price</th><th>exit price</th><th>pnl</th><th>return %</th></tr></thead><tbody>\n");
        int shown = Math.min(MAX_TRADE_ROWS, trades.size());
        for (int i = 0; i < shown; i++) {
            RunResults.TradeRow t = trades.get(i);
            int sign = t.pnl().signum();
            String cls = sign > 0 ? "pos" : sign < 0 ? "neg" : "";
            s.append("<tr><td>").append(t.seq()).append("</td><td>").append(t.entryTime().toInstant()).append("</td><td>")
                    .append(t.exitTime().toInstant()).append("</td><td>").append(HtmlPage.display(t.size().doubleValue())).append("</td><td>")
                    .append(HtmlPage.display(t.entryPrice().doubleValue())).append("</td><td>").append(HtmlPage.display(t.exitPrice().doubleValue()))
                    .append("</td><td class=\"").append(cls).append("\">").append(HtmlPage.display(t.pnl().doubleValue()))
                    .append("</td><td class=\"").append(cls).append("\">").append(HtmlPage.display(t.returnPct() * 100)).append("</td></tr>\n");
        }
        s.append("</tbody></table>\n");
        if (shown < trades.size()) {
            s.append("<p>First ").append(shown).append(" of ").append(trades.size()).append(" trades shown.</p>\n");
        }
        return s.toString();
    }
}
