package dev.backtest.sdk.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One report page as both reports build it: the head with the inline style sheets, the charts (a placeholder each,
 * drawn by the inline scripts from the JSON chart data at the end of the page), plain HTML tables that read without
 * JavaScript (statistics, monthly returns), and writing the file atomically. Nothing is loaded from elsewhere.
 *
 * <pre>{@code
 * HtmlPage page = new HtmlPage("Portfolio of 3 assets");
 * page.chart("Equity", spec);
 * page.statistics(stats);
 * HtmlPage.write(page.close(), Path.of("report.html"));
 * }</pre>
 */
final class HtmlPage {

    static final int WIDTH = 1100;
    private static final JsonFactory JSON = new JsonFactory();

    private final StringBuilder html = new StringBuilder(64 * 1024);
    private final List<ChartSpec> charts = new ArrayList<>();

    /** The document up to and including the {@code h1} heading; {@code title} is escaped. */
    HtmlPage(String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>").append(escape(title))
                .append("</title>\n<style>").append(ChartAssets.get().uplotStyle()).append("</style>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330}h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
                .append("table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}")
                .append("td,th{padding:3px 10px;border-bottom:1px solid #e3e6ea;text-align:right}")
                .append("th{background:#f4f6f8}td:first-child,th:first-child{text-align:left}.stats{columns:2;max-width:")
                .append(WIDTH).append("px}.legend span{margin-right:18px}.pos{color:#137333}.neg{color:#b3261e}")
                .append(".chart{width:").append(WIDTH).append("px;min-height:40px}.chart .u-legend{text-align:left;font-size:12px}")
                .append(".heatmap td{min-width:44px}.hint{color:#5f6368;font-size:12px}")
                .append("</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n")
                .append("<noscript><p class=\"hint\">The charts need JavaScript; the tables below do not.</p></noscript>\n");
    }

    /** The page's HTML so far, to append to (escape all text with {@link #escape}). */
    StringBuilder html() {
        return html;
    }

    /** A chart under its heading: a placeholder the page's script draws {@code spec} into. */
    void chart(String heading, ChartSpec spec) {
        html.append("<h2>").append(escape(heading)).append("</h2>\n<div class=\"chart\" id=\"").append(spec.id())
                .append("\" style=\"min-height:").append(spec.height()).append("px\"></div>\n");
        charts.add(spec);
    }

    /** The statistics under their heading, names and values escaped, values shown by {@link StatFormat}. */
    void statistics(Map<String, ?> stats) {
        html.append("<h2>Statistics</h2>\n<table class=\"stats\" id=\"stats\"><tbody>\n");
        for (Map.Entry<String, ?> e : stats.entrySet()) {
            html.append("<tr><td>").append(escape(e.getKey())).append("</td><td>")
                    .append(escape(StatFormat.format(e.getKey(), e.getValue()))).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    /**
     * The monthly returns as a heatmap table: a row per year, a column per month and the year's compounded return,
     * each cell tinted green (gain) or red (loss) by its size relative to the largest month.
     */
    void monthlyReturns(MonthlyReturns m) {
        html.append("<h2>Monthly returns, %</h2>\n<table class=\"heatmap\" id=\"monthly-returns\"><thead><tr><th>year</th>");
        for (Month month : Month.values()) {
            html.append("<th>").append(month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).append("</th>");
        }
        html.append("<th>total</th></tr></thead><tbody>\n");
        double scale = 0;
        for (double[] row : m.pct()) {
            for (double v : row) {
                scale = Double.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale;
            }
        }
        for (int y = 0; y < m.pct().length; y++) {
            html.append("<tr><th>").append(m.firstYear() + y).append("</th>");
            for (double v : m.pct()[y]) {
                cell(v, scale);
            }
            cell(m.yearPct()[y], Double.NaN);
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private void cell(double pct, double scale) {
        if (!Double.isFinite(pct)) {
            html.append("<td></td>");
            return;
        }
        html.append("<td");
        if (scale > 0) {
            double a = Math.min(1, Math.abs(pct) / scale);
            html.append(" style=\"background:rgba(").append(pct >= 0 ? "19,115,51" : "179,38,30").append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 0.08 + 0.6 * a)).append(")\"");
        }
        html.append('>').append(String.format(Locale.ROOT, "%,.2f", pct)).append("</td>");
    }

    /** Ends the document: the chart data, uPlot and the script drawing the charts. */
    String close() {
        ChartAssets assets = ChartAssets.get();
        html.append("<script type=\"application/json\" id=\"report-data\">").append(chartData()).append("</script>\n")
                .append("<script>").append(assets.uplotScript()).append("</script>\n")
                .append("<script>").append(assets.chartScript()).append("</script>\n");
        return html.append("</body></html>\n").toString();
    }

    /** The charts as JSON, with {@code <} escaped so that no text in it can end the script element. */
    private String chartData() {
        try (StringWriter out = new StringWriter(); JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("charts");
            for (ChartSpec c : charts) {
                c.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            return out.toString().replace("<", "\\u003c");
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write the chart data: " + e.getMessage(), e);
        }
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A value as shown in tables ({@link Display#value}), escaped. */
    static String display(Object v) {
        return escape(Display.value(v));
    }

    /** Writes a page atomically (a temporary file in the same folder, then renamed), so no reader sees half a page. */
    static void write(String html, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".report", ".part");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write the report to " + file + ": " + e.getMessage(), e);
        }
    }
}
