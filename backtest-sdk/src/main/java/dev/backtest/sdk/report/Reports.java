package dev.backtest.sdk.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.json.BacktestJson;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's result as JSON and as a self-contained HTML report (inline SVG charts: equity against buy-and-hold,
 * drawdown, candles with the trades; the statistics and the trades; no external resources).
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 * String json = Reports.json(r);                 // {"stats":{...},"trades":[...],"options":{...},"run_log":[...],"warmup":29}
 * Reports.writeHtml(r, series, Path.of("report.html"));
 * }</pre>
 */
public final class Reports {

    private static final ObjectMapper JSON = BacktestJson.newMapper();

    private Reports() {
    }

    /**
     * The result as one JSON object: {@code stats} (the names of docs/engine.md, {@code null} where undefined),
     * {@code trades}, {@code options}, {@code run_log} and {@code warmup}; the per-bar curves are left out.
     */
    public static String json(BacktestResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stats", result.stats());
        doc.put("trades", result.trades());
        doc.put("options", result.options());
        doc.put("run_log", result.runLog());
        doc.put("warmup", result.warmup());
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write the result as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The HTML report of a run; {@code series} is the one the run was made on (the result does not keep the bars).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} when the series is not the run's
     */
    public static String html(BacktestResult result, CandleSeries series) {
        return HtmlReport.render(ReportData.of(title(series), series, result));
    }

    /** Writes {@link #html} to {@code file}, atomically (a temporary file renamed into place). */
    public static void writeHtml(BacktestResult result, CandleSeries series, Path file) {
        HtmlReport.write(ReportData.of(title(series), series, result), file);
    }

    /** The HTML report of any content (a stored run's, say). */
    public static String html(ReportData data) {
        return HtmlReport.render(data);
    }

    private static String title(CandleSeries series) {
        return series.symbol() + " " + series.timeframe().code() + " backtest";
    }
}
