package dev.backtest.sdk.report;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * A backtest report as one self-contained HTML file: no scripts, fonts or styles from elsewhere.
 * Charts are inline SVG drawn here: the equity curve with buy-and-hold for comparison, the drawdown
 * curve, the candles with trade entries (▲ long, ▼ short) and exits (●) marked, then the
 * statistics and the trades. Long series are reduced for display (lines keep each bucket's extremes;
 * candles are merged) so the file stays small whatever the number of bars.
 *
 * <pre>{@code
 * HtmlReport.write(data, Path.of("report.html"));
 * }</pre>
 */
final class HtmlReport {

    static final int WIDTH = 1100;
    static final int MAX_LINE_POINTS = 1500;
    static final int MAX_CANDLES = 300;
    static final int MAX_TRADE_ROWS = 500;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;

    private HtmlReport() {
    }

    /** Writes the report atomically (temporary file, then rename). */
    static void write(ReportData data, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".report", ".part");
            Files.writeString(tmp, render(data), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write the report to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The report as an HTML document. */
    static String render(ReportData d) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>").append(Svg.escape(d.title()))
                .append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330}h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{padding:3px 10px;border-bottom:1px solid #e3e6ea;text-align:right}")
                .append("th{background:#f4f6f8}td:first-child,th:first-child{text-align:left}.stats{columns:2;max-width:")
                .append(WIDTH).append("px}.legend span{margin-right:18px}.pos{color:#137333}.neg{color:#b3261e}svg{display:block}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(Svg.escape(d.title())).append("</h1>\n<p>").append(Svg.escape(d.symbol())).append(" · ")
                .append(Svg.escape(d.timeframe())).append(" · ").append(d.time().length).append(" bars");
        if (d.time().length > 0) {
            h.append(" · ").append(Instant.ofEpochSecond(d.time()[0])).append(" to ").append(Instant.ofEpochSecond(d.time()[d.time().length - 1]));
        }
        h.append("</p>\n");
        h.append("<h2>Equity</h2>\n<p class=\"legend\"><span style=\"color:#1a73e8\">━ strategy</span><span style=\"color:#9aa0a6\">━ buy and hold</span></p>\n");
        h.append(equityChart(d));
        h.append("<h2>Drawdown</h2>\n").append(drawdownChart(d));
        h.append("<h2>Price and trades</h2>\n").append(candleChart(d));
        h.append("<h2>Statistics</h2>\n<table class=\"stats\" id=\"stats\"><tbody>\n");
        for (Map.Entry<String, Object> e : d.stats().entrySet()) {
            h.append("<tr><td>").append(Svg.escape(e.getKey())).append("</td><td>").append(Svg.display(e.getValue())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<h2>Trades</h2>\n").append(tradesTable(d));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String equityChart(ReportData d) {
        int height = 280;
        int n = d.time().length;
        if (n == 0) {
            return "<p>No bars.</p>\n";
        }
        double[] buyHold = new double[n];
        double base = d.close()[0];
        double startEquity = d.equity()[0];
        for (int i = 0; i < n; i++) {
            buyHold[i] = startEquity * d.close()[i] / base;
        }
        double min = Math.min(LineReducer.min(d.equity()), LineReducer.min(buyHold));
        double max = Math.max(LineReducer.max(d.equity()), LineReducer.max(buyHold));
        Svg.Scale y = Svg.Scale.of(min, max, height - 25, 10);
        StringBuilder s = open("equity-chart", height);
        axis(s, y, height);
        s.append(line(d.time(), buyHold, y, "#9aa0a6", "buy-and-hold"));
        s.append(line(d.time(), d.equity(), y, "#1a73e8", "equity"));
        return s.append("</svg>\n").toString();
    }

    private static String drawdownChart(ReportData d) {
        int height = 160;
        int n = d.time().length;
        if (n == 0) {
            return "<p>No bars.</p>\n";
        }
        double min = Math.min(LineReducer.min(d.drawdownPct()), -0.01);
        Svg.Scale y = Svg.Scale.of(min, 0, height - 25, 10);
        StringBuilder s = open("drawdown-chart", height);
        axis(s, y, height);
        LineReducer.Points p = LineReducer.reduce(d.time(), d.drawdownPct(), MAX_LINE_POINTS);
        Svg.Scale x = xScale(d.time());
        StringBuilder path = new StringBuilder("M").append(Svg.num(x.at(p.x()[0]))).append(',').append(Svg.num(y.at(0)));
        for (int i = 0; i < p.size(); i++) {
            path.append(" L").append(Svg.num(x.at(p.x()[i]))).append(',').append(Svg.num(y.at(p.y()[i])));
        }
        path.append(" L").append(Svg.num(x.at(p.x()[p.size() - 1]))).append(',').append(Svg.num(y.at(0))).append(" Z");
        s.append("<path class=\"drawdown\" d=\"").append(path).append("\" fill=\"#f5c2c0\" stroke=\"#b3261e\" stroke-width=\"1\"/>\n");
        return s.append("</svg>\n").toString();
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
        double slot = (double) (WIDTH - LEFT - RIGHT) / c.size();
        double body = Math.max(1.0, slot * 0.6);
        StringBuilder s = open("candle-chart", height);
        axis(s, y, height);
        s.append("<g class=\"candles\">\n");
        for (int i = 0; i < c.size(); i++) {
            double cx = LEFT + (i + 0.5) * slot;
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
        return LEFT + (lo + 0.5) * slot;
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

    private static StringBuilder open(String id, int height) {
        return new StringBuilder("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\">\n");
    }

    private static void axis(StringBuilder s, Svg.Scale y, int height) {
        s.append("<g class=\"axis\" font-size=\"11\" fill=\"#5f6368\">");
        for (int i = 0; i <= 4; i++) {
            double v = y.min() + (y.max() - y.min()) * i / 4;
            double py = y.at(v);
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(Svg.num(py))
                    .append("\" y2=\"").append(Svg.num(py)).append("\" stroke=\"#eceff1\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.num(py + 4)).append("\" text-anchor=\"end\">")
                    .append(Svg.display(v)).append("</text>");
        }
        s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(height - 25)
                .append("\" y2=\"").append(height - 25).append("\" stroke=\"#9aa0a6\"/></g>\n");
    }

    private static Svg.Scale xScale(long[] time) {
        return Svg.Scale.of(time[0], time[time.length - 1], LEFT, WIDTH - RIGHT);
    }

    private static String line(long[] time, double[] values, Svg.Scale y, String color, String cls) {
        LineReducer.Points p = LineReducer.reduce(time, values, MAX_LINE_POINTS);
        Svg.Scale x = xScale(time);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < p.size(); i++) {
            path.append(i == 0 ? "M" : " L").append(Svg.num(x.at(p.x()[i]))).append(',').append(Svg.num(y.at(p.y()[i])));
        }
        return "<path class=\"" + cls + "\" d=\"" + path + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.5\"/>\n";
    }
}
