package dev.backtest.sdk.report;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * What the pages of both reports share: the head with the one inline style sheet, the statistics table, and writing
 * the file atomically.
 *
 * <pre>{@code
 * StringBuilder h = HtmlPage.open("Portfolio of 3 assets");
 * HtmlPage.statistics(h, stats);
 * HtmlPage.write(HtmlPage.close(h), Path.of("report.html"));
 * }</pre>
 */
final class HtmlPage {

    private HtmlPage() {
    }

    /** The document up to and including the {@code h1} heading; {@code title} is escaped. */
    static StringBuilder open(String title) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>").append(Svg.escape(title))
                .append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330}h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{padding:3px 10px;border-bottom:1px solid #e3e6ea;text-align:right}")
                .append("th{background:#f4f6f8}td:first-child,th:first-child{text-align:left}.stats{columns:2;max-width:")
                .append(Chart.WIDTH).append("px}.legend span{margin-right:18px}.pos{color:#137333}.neg{color:#b3261e}svg{display:block}")
                .append("</style></head><body>\n");
        return h.append("<h1>").append(Svg.escape(title)).append("</h1>\n");
    }

    /** The statistics under their heading, names and values escaped, values shown by {@link Display#value(Object)}. */
    static void statistics(StringBuilder h, Map<String, ?> stats) {
        h.append("<h2>Statistics</h2>\n<table class=\"stats\" id=\"stats\"><tbody>\n");
        for (Map.Entry<String, ?> e : stats.entrySet()) {
            h.append("<tr><td>").append(Svg.escape(e.getKey())).append("</td><td>").append(Svg.display(e.getValue())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** Ends the document. */
    static String close(StringBuilder h) {
        return h.append("</body></html>\n").toString();
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
