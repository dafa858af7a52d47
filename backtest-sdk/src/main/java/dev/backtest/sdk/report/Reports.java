package dev.backtest.sdk.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.portfolio.Allocation;
import dev.backtest.engine.portfolio.Fill;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.json.BacktestJson;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A run's result as JSON and as a self-contained HTML report (interactive charts drawn by uPlot, inlined: equity
 * against buy-and-hold, drawdown, candles with the trades, each with date ticks, values under the cursor and zoom over
 * time; the monthly returns, the statistics and the trades as plain HTML tables; no external resources), and a
 * portfolio run's likewise (equity against a benchmark, drawdown, weights over time, contributions, monthly returns,
 * statistics). Served over HTTP, a report page needs {@link #contentSecurityPolicy()} to run its scripts.
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 * String json = Reports.json(r);                 // {"stats":{...},"trades":[...],"options":{...},"run_log":[...],"warmup":29}
 * Reports.writeHtml(r, series, Path.of("report.html"));
 * Reports.writeHtml(portfolio.run(), spy, Path.of("portfolio.html"));   // a portfolio run, SPY's bars as the benchmark
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
     * A portfolio run as one JSON object (the form the command line's {@code portfolio} command prints):
     * {@code stats} (the names of {@link PortfolioStats#NAMES}, {@code null} where undefined), {@code allocations}
     * ({@code decision_time, fill_time, symbol, target_weight, weight, units, price} per fill), {@code trades}
     * ({@code time, symbol, side, units, price, commission}) and {@code equity} ({@code time} and {@code equity}
     * arrays over the timeline); times ISO-8601 UTC.
     */
    public static String json(PortfolioResult result) {
        try (StringWriter out = new StringWriter(); JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.setCodec(JSON);
            g.writeStartObject();
            g.writeObjectField("stats", result.stats());
            g.writeArrayFieldStart("allocations");
            for (Allocation a : result.allocations()) {
                g.writeStartObject();
                g.writeStringField("decision_time", iso(a.decisionTime()));
                g.writeStringField("fill_time", iso(a.fillTime()));
                g.writeStringField("symbol", a.symbol());
                g.writeObjectField("target_weight", a.targetWeight());
                g.writeObjectField("weight", a.weightAfter());
                g.writeObjectField("units", a.unitsAfter());
                g.writeObjectField("price", a.fillPrice());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("trades");
            for (Fill f : result.fills()) {
                g.writeStartObject();
                g.writeStringField("time", iso(f.time()));
                g.writeStringField("symbol", f.symbol());
                g.writeStringField("side", f.side().name().toLowerCase(Locale.ROOT));
                g.writeObjectField("units", f.units());
                g.writeObjectField("price", f.price());
                g.writeObjectField("commission", f.commission());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("equity");
            g.writeArrayFieldStart("time");
            for (long t : result.time()) {
                g.writeString(iso(t));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("equity");
            for (double e : result.equity()) {
                g.writeObject(e);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            return out.toString();
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write the portfolio result as JSON: " + e.getMessage(), e);
        }
    }

    private static String iso(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
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

    /**
     * The HTML report of a portfolio run: the equity as an index (100 at the start; time-weighted with contributions),
     * the drawdown, the weights over time (a stacked area, cash on top), the turnover, commissions, rebalances and
     * fills, each asset's contribution and every statistic of {@link PortfolioStats#NAMES} (undefined ones as
     * {@link Display#UNDEFINED}); titled "Portfolio of N assets · weighting … · schedule …". Long runs are reduced
     * for drawing, so the page stays small (a few hundred kB) whatever the number of times. The benchmark statistics
     * are shown, but no benchmark line: the result keeps no bars; see {@link #html(PortfolioResult, CandleSeries)}.
     *
     * <pre>{@code
     * PortfolioResult r = portfolio.run();
     * Files.writeString(Path.of("portfolio.html"), Reports.html(r));
     * }</pre>
     */
    public static String html(PortfolioResult result) {
        return PortfolioHtmlReport.render(result, null);
    }

    /**
     * {@link #html(PortfolioResult)} with the benchmark drawn on the equity chart. The result keeps no bars, so the
     * benchmark's are passed here: one series, not the whole portfolio's data, because the line needs only its
     * closes. It shows the last close at or before each time, rebased to 100 at the first fill (before which the
     * portfolio is all cash and the benchmark statistics do not look), or at the start when nothing was filled, or at
     * the benchmark's first bar if it comes later; for the benchmark asset's bars it ends at
     * {@code 100 + benchmark_return_pct}. The closes are taken as they are: for an asset priced in another currency
     * pass them converted to the base currency. The series need not be the options' benchmark; its symbol labels
     * the line.
     *
     * <pre>{@code
     * PortfolioResult r = Portfolio.builder().asset("SPY", spy).asset("AGG", agg)
     *         .options(PortfolioOptions.builder().benchmark("SPY").build()).build().run();
     * Reports.writeHtml(r, spy, Path.of("portfolio.html"));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} when {@code benchmark} is null or has no bar at
     *         or before the run's last time
     */
    public static String html(PortfolioResult result, CandleSeries benchmark) {
        return PortfolioHtmlReport.render(result, BenchmarkIndex.of(result, benchmark));
    }

    /** Writes {@link #html(PortfolioResult)} to {@code file}, atomically (a temporary file renamed into place). */
    public static void writeHtml(PortfolioResult result, Path file) {
        HtmlPage.write(html(result), file);
    }

    /**
     * Writes {@link #html(PortfolioResult, CandleSeries)} to {@code file}, atomically (a temporary file renamed into
     * place).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} as {@link #html(PortfolioResult, CandleSeries)}
     */
    public static void writeHtml(PortfolioResult result, CandleSeries benchmark, Path file) {
        HtmlPage.write(html(result, benchmark), file);
    }

    /**
     * The Content-Security-Policy under which a report page works and loads nothing: no source at all
     * ({@code default-src 'none'}), inline styles, and only the page's own two inline scripts (uPlot and the script
     * drawing the charts), allowed by their SHA-256 hashes; the same for every report of this SDK version.
     *
     * <pre>{@code
     * return Response.ok(Reports.html(result, series), "text/html")
     *         .header("Content-Security-Policy", Reports.contentSecurityPolicy()).build();
     * }</pre>
     */
    public static String contentSecurityPolicy() {
        return ChartAssets.get().contentSecurityPolicy();
    }

    private static String title(CandleSeries series) {
        return series.symbol() + " " + series.timeframe().code() + " backtest";
    }
}
