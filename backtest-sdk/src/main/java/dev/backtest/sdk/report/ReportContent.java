package dev.backtest.sdk.report;

import dev.backtest.sdk.index.IndexBenchmark;
import dev.backtest.sdk.run.RunResults;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a saved report computed from a run over its period (version {@value ReportService#CONTENT_VERSION} of the
 * layout). Returns are percentages. Monthly and yearly returns are compounded from the equity curve by calendar month
 * and year in UTC: a month's return is its last equity point over the last point before the month (for the first
 * month of the period, over the period's first point), minus one; a year's likewise, which equals its months'
 * returns compounded. {@code equity} and {@code trades} are filled for {@code backtest_summary} only (empty otherwise).
 * An {@code index_performance} report has no {@code source} (null) but {@code index}; its {@code equity} holds every
 * index value of the period (not reduced) with its drawdown, and its returns are those of the index values.
 *
 * <pre>{@code
 * ReportContent c = client.reports().get(me, reportId).content();
 * double year = c.yearly().get(0).returnPct();   // 12.5 = +12.5 %
 * }</pre>
 */
public record ReportContent(Source source, Summary summary, Equity equity, List<RunResults.TradeRow> trades,
                            List<PeriodReturn> monthly, List<PeriodReturn> yearly, IndexPerformance index) {

    public ReportContent {
        trades = List.copyOf(trades);
        monthly = List.copyOf(monthly);
        yearly = List.copyOf(yearly);
    }

    /** The content of a backtest report (no index part). */
    public ReportContent(Source source, Summary summary, Equity equity, List<RunResults.TradeRow> trades, List<PeriodReturn> monthly,
                         List<PeriodReturn> yearly) {
        this(source, summary, equity, trades, monthly, yearly, null);
    }

    /**
     * What an {@code index_performance} report adds: the index and its run as they were then, the benchmark comparison
     * over the period (null without a benchmark) and the risk metrics of the period's values (the equity statistics of
     * docs/engine.md, null where undefined; empty for a period of one value).
     */
    public record IndexPerformance(UUID indexId, String indexName, UUID runId, OffsetDateTime runFinishedAt, List<String> universe,
                                   String weighting, String baseCurrency, LocalDate firstDate, LocalDate lastDate,
                                   BenchmarkComparison benchmark, Map<String, Double> riskMetrics) {
    }

    /**
     * The index against its benchmark over the period, as {@code GET indexes/{id}/benchmark} computes it over the whole
     * run: the two rebased to the same start, the returns, the excess return, tracking error, information ratio, beta and
     * correlation (null where undefined).
     */
    public record BenchmarkComparison(String symbol, List<IndexBenchmark.Point> points, Double indexReturnPct, Double benchmarkReturnPct,
                                      Double excessReturnPct, Double trackingErrorAnnPct, Double informationRatio, Double beta,
                                      Double correlation) {
    }

    /** The run the report was built from, as it was then: its backtest, symbol, timeframe, strategy and parameters. */
    public record Source(UUID backtestId, String backtestName, UUID runId, OffsetDateTime runFinishedAt, String symbol,
                         String timeframe, String strategy, Map<String, Object> parameters, LocalDate firstDate, LocalDate lastDate) {
    }

    /**
     * Figures over the period: its bars, first and last equity, return, deepest drawdown from the period's own peak,
     * trades closed in it and the share of them with a positive pnl ({@code null} without trades).
     */
    public record Summary(int bars, OffsetDateTime firstTime, OffsetDateTime lastTime, double startEquity, double endEquity,
                          Double returnPct, double maxDrawdownPct, int trades, int winningTrades, Double winRatePct) {
    }

    /** The equity over the period, reduced to at most {@value ReportService#MAX_EQUITY_POINTS} points; drawdown in percent (≤ 0). */
    public record Equity(long[] time, double[] equity, double[] drawdownPct) {
    }

    /**
     * One month ({@code period} {@code 2023-01}) or year ({@code 2023}) of the returns table: the days of the period it
     * covers, the equity it starts from and ends at, and its return ({@code null} when it starts from zero or less).
     */
    public record PeriodReturn(String period, LocalDate start, LocalDate end, double startEquity, double endEquity, Double returnPct) {
    }
}
