package dev.backtest.sdk.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A backtest report as one self-contained HTML file: no scripts, fonts or styles from elsewhere.
 * Charts are inline SVG: the equity curve with buy-and-hold for comparison and the drawdown curve
 * ({@link Chart}, shared with the portfolio report), the candles with trade entries (▲ long, ▼ short)
 * and exits (●) marked, drawn here, then the statistics and the trades. Long series are reduced for
 * display (lines keep each bucket's extremes; candles are merged) so the file stays small whatever the
 * number of bars.
 *
 * <pre>{@code
 * HtmlReport.write(data, Path.of("report.html"));
 * }</pre>
 */
final class HtmlReport {

    /** The line budget of {@link Chart}, here too because the tests of this report read it here. */
    static final int MAX_LINE_POINTS = Chart.MAX_LINE_POINTS;
    static final int MAX_CANDLES = 300;
    static final int MAX_TRADE_ROWS = 500;

    private HtmlReport() {
    }

    /** Writes the report atomically (temporary file, then rename). */
    static void write(ReportData data, Path file) {
        HtmlPage.write(render(data), file);
    }

    /** The report as an HTML document. */
    static String render(ReportData d) {
        StringBuilder h = HtmlPage.open(d.title());
        h.append("<p>").append(Svg.escape(d.symbol())).append(" · ")
                .append(Svg.escape(d.timeframe())).append(" · ").append(d.time().length).append(" bars");
        if (d.time().length > 0) {
            h.append(" · ").append(Instant.ofEpochSecond(d.time()[0])).append(" to ").append(Instant.ofEpochSecond(d.time()[d.time().length - 1]));
        }
        h.append("</p>\n");
        h.append("<h2>Equity</h2>\n<p class=\"legend\"><span style=\"color:#1a73e8\">━ strategy</span><span style=\"color:#9aa0a6\">━ buy and hold</span></p>\n");
        h.append(equityChart(d));
        h.append("<h2>Drawdown</h2>\n").append(Chart.drawdown(d.time(), d.drawdownPct()));
        h.append("<h2>Price and trades</h2>\n").append(candleChart(d));
        HtmlPage.statistics(h, d.stats());
        h.append("<h2>Trades</h2>\n").append(tradesTable(d));
        return HtmlPage.close(h);
    }

    private static String equityChart(ReportData d) {
        int n = d.time().length;
        double[] buyHold = new double[n];
        if (n > 0) {
            double base = d.close()[0];
            double startEquity = d.equity()[0];
            for (int i = 0; i < n; i++) {
                buyHold[i] = startEquity * d.close()[i] / base;
            }
        }
        return Chart.lines("equity-chart", 280, d.time(), List.of(new Chart.Line(d.time(), buyHold, "#9aa0a6", "buy-and-hold"),
                new Chart.Line(d.time(), d.equity(), "#1a73e8", "equity")));
    }

    private static String candleChart(ReportData d) {
        int height = 320;
        int n = d.time().length;
        if (n == 0) {
            return "<p>No bars.</p>\n";
        }
        CandleReducer.Candles c = CandleReducer.reduce(d.time(), d.open(), d.high(), d.low(), d.close(), MAX_CANDLES);
        double min = LineReducer.min(c.low());
        double max = LineReducer.max(c.high());
        Svg.Scale y = Svg.Scale.of(min, max, height - 25, 10);
        double slot = (double) (Chart.WIDTH - Chart.LEFT - Chart.RIGHT) / c.size();
        double body = Math.max(1.0, slot * 0.6);
        StringBuilder s = Chart.open("candle-chart", height);
        Chart.axis(s, y, height);
        s.append("<g class=\"candles\">\n");
        for (int i = 0; i < c.size(); i++) {
            double cx = Chart.LEFT + (i + 0.5) * slot;
            boolean up = c.close()[i] >= c.open()[i];
            String color = up ? "#137333" : "#b3261e";
            double top = y.at(Math.max(c.open()[i], c.close()[i]));
            double bottom = y.at(Math.min(c.open()[i], c.close()[i]));
            s.append("<line x1=\"").append(Svg.num(cx)).append("\" x2=\"").append(Svg.num(cx)).append("\" y1=\"")
                    .append(Svg.num(y.at(c.high()[i]))).append("\" y2=\"").append(Svg.num(y.at(c.low()[i])))
                    .append("\" stroke=\"").append(color).append("\"/>")
                    .append("<rect class=\"candle\" x=\"").append(Svg.num(cx - body / 2)).append("\" y=\"").append(Svg.num(top))
                    .append("\" width=\"").append(Svg.num(body)).append("\" height=\"").append(Svg.num(Math.max(1, bottom - top)))
                    .append("\" fill=\"").append(color).append("\"/>\n");
        }
        s.append("</g>\n<g class=\"trades\">\n");
        long t0 = d.time()[0];
        long t1 = d.time()[n - 1];
        for (ReportData.Trade t : d.trades()) {
            if (t.entryTime() >= t0 && t.entryTime() <= t1) {
                double ex = xAt(c, t.entryTime(), slot);
                double ey = y.at(t.entryPrice());
                String shape = t.size() >= 0
                        ? "M" + Svg.num(ex) + "," + Svg.num(ey + 2) + " l-5,9 l10,0 Z"
                        : "M" + Svg.num(ex) + "," + Svg.num(ey - 2) + " l-5,-9 l10,0 Z";
                s.append("<path class=\"entry\" d=\"").append(shape).append("\" fill=\"")
                        .append(t.size() >= 0 ? "#1a73e8" : "#e37400").append("\"/>");
            }
            if (t.exitTime() >= t0 && t.exitTime() <= t1) {
                s.append("<circle class=\"exit\" cx=\"").append(Svg.num(xAt(c, t.exitTime(), slot))).append("\" cy=\"")
                        .append(Svg.num(y.at(t.exitPrice()))).append("\" r=\"3.5\" fill=\"#202124\"/>");
            }
            s.append('\n');
        }
        s.append("</g>\n");
        return s.append("</svg>\n").toString();
    }

    /** The x of the merged candle holding time {@code t}. */
    private static double xAt(CandleReducer.Candles c, long t, double slot) {
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
        return Chart.LEFT + (lo + 0.5) * slot;
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
                    .append(Instant.ofEpochSecond(t.exitTime())).append("</td><td>").append(Svg.display(t.size())).append("</td><td>")
                    .append(Svg.display(t.entryPrice())).append("</td><td>").append(Svg.display(t.exitPrice()))
                    .append("</td><td class=\"").append(cls).append("\">").append(Svg.display(t.pnl())).append("</td><td class=\"")
                    .append(cls).append("\">").append(Svg.display(t.returnPct() * 100)).append("</td></tr>\n");
        }
        s.append("</tbody></table>\n");
        if (shown < d.trades().size()) {
            s.append("<p>First ").append(shown).append(" of ").append(d.trades().size()).append(" trades shown.</p>\n");
        }
        return s.toString();
    }
}
