package dev.backtest.sdk.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A backtest report as one self-contained HTML file: no scripts, fonts or styles from elsewhere. Its charts are drawn
 * by uPlot, inlined ({@link HtmlPage}): the equity curve with buy-and-hold for comparison, the drawdown, and the
 * candles with the trades, each with a legend showing the values under the cursor and zoom over time; then the monthly
 * returns, the statistics and the trades as plain tables. Long series are reduced for display (lines keep each bucket's
 * extremes, candles are merged) so the file stays small whatever the number of bars; the trade markers are three
 * series (long entries, short entries, exits) with at most one marker of each per drawn candle, so thousands of trades
 * stay readable.
 *
 * <pre>{@code
 * HtmlReport.write(data, Path.of("report.html"));
 * }</pre>
 */
final class HtmlReport {

    static final int MAX_LINE_POINTS = 1500;
    static final int MAX_CANDLES = 600;
    static final int MAX_TRADE_ROWS = 500;
    static final String EQUITY_COLOR = "#1a73e8";
    static final String BUY_HOLD_COLOR = "#9aa0a6";
    static final String DRAWDOWN_COLOR = "#b3261e";

    private HtmlReport() {
    }

    /** Writes the report atomically (temporary file, then rename). */
    static void write(ReportData data, Path file) {
        HtmlPage.write(render(data), file);
    }

    /** The report as an HTML document. */
    static String render(ReportData d) {
        HtmlPage page = new HtmlPage(d.title());
        int n = d.time().length;
        StringBuilder h = page.html();
        h.append("<p>").append(HtmlPage.escape(d.symbol())).append(" · ").append(HtmlPage.escape(d.timeframe())).append(" · ")
                .append(Display.value(n)).append(" bars");
        if (n > 0) {
            h.append(" · ").append(Instant.ofEpochSecond(d.time()[0])).append(" to ").append(Instant.ofEpochSecond(d.time()[n - 1]));
        }
        h.append("</p>\n<p class=\"hint\">Hover a chart to read its values; drag over time to zoom, double-click to reset.</p>\n");
        if (n > 0) {
            double[] buyHold = new double[n];
            for (int i = 0; i < n; i++) {
                buyHold[i] = d.equity()[0] * d.close()[i] / d.close()[0];
            }
            int[] kept = LineReducer.indices(n, MAX_LINE_POINTS, d.equity(), buyHold, d.drawdownPct());
            long[] x = LineReducer.pick(d.time(), kept);
            page.chart("Equity", new ChartSpec("equity-chart", 280, ChartSpec.Kind.LINES, "", x, List.of(
                    new ChartSpec.Series("equity", EQUITY_COLOR, ChartSpec.Style.LINE, LineReducer.pick(d.equity(), kept)),
                    new ChartSpec.Series("buy and hold", BUY_HOLD_COLOR, ChartSpec.Style.LINE, LineReducer.pick(buyHold, kept)))));
            page.chart("Drawdown", drawdown(x, LineReducer.pick(d.drawdownPct(), kept)));
            page.chart("Price and trades", candles(d));
        }
        page.monthlyReturns(MonthlyReturns.of(d.time(), d.equity()));
        page.statistics(d.stats());
        h.append("<h2>Trades</h2>\n").append(tradesTable(d));
        return page.close();
    }

    /** The drawdown in percent (0 or negative at each time) as an area hanging from 0; shared with the portfolio report. */
    static ChartSpec drawdown(long[] x, double[] drawdownPct) {
        return new ChartSpec("drawdown-chart", 160, ChartSpec.Kind.LINES, "%", x,
                List.of(new ChartSpec.Series("drawdown", DRAWDOWN_COLOR, ChartSpec.Style.AREA, drawdownPct)));
    }

    private static ChartSpec candles(ReportData d) {
        CandleReducer.Candles c = CandleReducer.reduce(d.time(), d.open(), d.high(), d.low(), d.close(), MAX_CANDLES);
        long[] x = Arrays.copyOf(c.time(), c.size());
        double[] longEntry = nans(c.size());
        double[] shortEntry = nans(c.size());
        double[] exit = nans(c.size());
        long t0 = d.time()[0];
        long t1 = d.time()[d.time().length - 1];
        for (ReportData.Trade t : d.trades()) {
            if (t.entryTime() >= t0 && t.entryTime() <= t1) {
                mark(t.size() >= 0 ? longEntry : shortEntry, slot(c, t.entryTime()), t.entryPrice());
            }
            if (t.exitTime() >= t0 && t.exitTime() <= t1) {
                mark(exit, slot(c, t.exitTime()), t.exitPrice());
            }
        }
        return new ChartSpec("candle-chart", 320, ChartSpec.Kind.CANDLES, "", x, List.of(
                new ChartSpec.Series("open", "#5f6368", ChartSpec.Style.LEGEND, c.open()),
                new ChartSpec.Series("high", "#5f6368", ChartSpec.Style.LEGEND, c.high()),
                new ChartSpec.Series("low", "#5f6368", ChartSpec.Style.LEGEND, c.low()),
                new ChartSpec.Series("close", "#5f6368", ChartSpec.Style.LEGEND, c.close()),
                new ChartSpec.Series("long entry", EQUITY_COLOR, ChartSpec.Style.POINTS, longEntry),
                new ChartSpec.Series("short entry", "#e37400", ChartSpec.Style.POINTS, shortEntry),
                new ChartSpec.Series("exit", "#202124", ChartSpec.Style.POINTS, exit)));
    }

    /** One marker per candle and kind: the first trade's price (the thinning that keeps thousands of trades readable). */
    private static void mark(double[] series, int slot, double price) {
        if (Double.isNaN(series[slot])) {
            series[slot] = price;
        }
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** The index of the merged candle holding time {@code t}. */
    static int slot(CandleReducer.Candles c, long t) {
        int lo = 0;
        int hi = c.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (c.time()[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static String tradesTable(ReportData d) {
        if (d.trades().isEmpty()) {
            return "<p id=\"trades\">No closed trades.</p>\n";
        }
        StringBuilder s = new StringBuilder("<table id=\"trades\"><thead><tr><th>#</th><th>entry</th><th>exit</th><th>size</th>"
                + "<th>entry price</th><th>exit price</th><th>pnl</th><th>return %</th></tr></thead><tbody>\n");
        int shown = Math.min(MAX_TRADE_ROWS, d.trades().size());
        for (int i = 0; i < shown; i++) {
            ReportData.Trade t = d.trades().get(i);
            String cls = t.pnl() > 0 ? "pos" : t.pnl() < 0 ? "neg" : "";
            s.append("<tr><td>").append(i + 1).append("</td><td>").append(Instant.ofEpochSecond(t.entryTime())).append("</td><td>")
                    .append(Instant.ofEpochSecond(t.exitTime())).append("</td><td>").append(HtmlPage.display(t.size())).append("</td><td>")
                    .append(HtmlPage.display(t.entryPrice())).append("</td><td>").append(HtmlPage.display(t.exitPrice()))
                    .append("</td><td class=\"").append(cls).append("\">").append(HtmlPage.display(t.pnl())).append("</td><td class=\"")
                    .append(cls).append("\">").append(HtmlPage.display(t.returnPct() * 100)).append("</td></tr>\n");
        }
        s.append("</tbody></table>\n");
        if (shown < d.trades().size()) {
            s.append("<p>First ").append(shown).append(" of ").append(Display.value(d.trades().size())).append(" trades shown.</p>\n");
        }
        return s.toString();
    }
}
