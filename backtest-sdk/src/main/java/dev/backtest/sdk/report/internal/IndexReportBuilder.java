package dev.backtest.sdk.report.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.EquityStats;
import dev.backtest.sdk.index.IndexBenchmark;
import dev.backtest.sdk.index.IndexValue;
import dev.backtest.sdk.index.internal.IndexSnapshot;
import dev.backtest.sdk.index.internal.JpaIndexService;
import dev.backtest.sdk.report.ReportContent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The content of an {@code index_performance} report: an index's completed run over a period of whole UTC days (its
 * values, their drawdown, monthly and yearly returns compounded as for the backtest reports, the benchmark comparison
 * and the risk metrics of the period), and the fingerprint of the run's stored values (SHA-256 of the run id and each
 * {@code date,value}).
 */
final class IndexReportBuilder {

    private IndexReportBuilder() {
    }

    /** One completed index run as the report reads it. */
    record IndexRunData(UUID indexId, String indexName, UUID runId, OffsetDateTime finishedAt, IndexSnapshot snapshot,
                        List<IndexValue> values, LocalDate firstFill, int periodsPerYear) {
    }

    /**
     * Builds the report; {@code benchmarkBars} gives the benchmark's daily bars between two days.
     *
     * @throws dev.backtest.error.BacktestException VALIDATION_FAILED for a period outside the run's values or without any
     */
    static ReportBuilder.Built build(IndexRunData run, BiFunction<LocalDate, LocalDate, CandleSeries> benchmarkBars,
                                     LocalDate requestedStart, LocalDate requestedEnd) {
        List<IndexValue> all = run.values();
        long[] time = new long[all.size()];
        double[] value = new double[all.size()];
        for (int i = 0; i < time.length; i++) {
            time[i] = all.get(i).date().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            value[i] = all.get(i).value();
        }
        ReportBuilder.Period p = ReportBuilder.period("index run", run.runId(), time, value, requestedStart, requestedEnd);
        long[] t = p.time();
        double[] v = p.values();
        int n = t.length;
        double[] dd = ReportBuilder.drawdownPct(v);
        double maxDd = 0;
        for (double d : dd) {
            maxDd = Math.min(maxDd, d);
        }
        ReportContent.Summary summary = new ReportContent.Summary(n, ReportBuilder.time(t[0]), ReportBuilder.time(t[n - 1]), v[0],
                v[n - 1], PeriodReturns.percent(v[0], v[n - 1]), maxDd, 0, 0, null);
        List<IndexValue> inPeriod = all.stream().filter(x -> !x.date().isBefore(p.start()) && !x.date().isAfter(p.end())).toList();
        IndexSnapshot s = run.snapshot();
        ReportContent.BenchmarkComparison benchmark = null;
        if (s.benchmark() != null) {
            IndexBenchmark b = JpaIndexService.compare(run.indexId(), run.runId(), s.benchmark(), inPeriod,
                    benchmarkBars.apply(p.start(), p.end()), run.firstFill(), run.periodsPerYear());
            benchmark = new ReportContent.BenchmarkComparison(b.benchmark(), b.points(), defined(b.indexReturnPct()),
                    defined(b.benchmarkReturnPct()), defined(b.excessReturnPct()), defined(b.trackingErrorAnnPct()),
                    defined(b.informationRatio()), defined(b.beta()), defined(b.correlation()));
        }
        ReportContent.IndexPerformance index = new ReportContent.IndexPerformance(run.indexId(), run.indexName(), run.runId(),
                run.finishedAt(), s.universe(), s.weighting(), s.baseCurrency(), p.first(), p.last(), benchmark, riskMetrics(t, v));
        ReportContent content = new ReportContent(null, summary, new ReportContent.Equity(t, v, dd), List.of(),
                PeriodReturns.monthly(t, v), PeriodReturns.yearly(t, v), index);
        return new ReportBuilder.Built(p.start(), p.end(), fingerprint(run.runId(), all), content);
    }

    /** The equity statistics of the period's values (no risk-free rate); empty for fewer than two values. */
    static Map<String, Double> riskMetrics(long[] t, double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (t.length < 2) {
            return m;
        }
        EquityStats s = EquityStats.of(t, v, 0);
        m.put("return_pct", defined(s.returnPct()));
        m.put("return_ann_pct", defined(s.returnAnnPct()));
        m.put("cagr_pct", defined(s.cagrPct()));
        m.put("volatility_ann_pct", defined(s.volatilityAnnPct()));
        m.put("sharpe_ratio", defined(s.sharpeRatio()));
        m.put("sortino_ratio", defined(s.sortinoRatio()));
        m.put("calmar_ratio", defined(s.calmarRatio()));
        m.put("max_drawdown_pct", defined(s.maxDrawdownPct()));
        m.put("avg_drawdown_pct", defined(s.avgDrawdownPct()));
        m.put("max_drawdown_duration_days", defined(s.maxDrawdownDurationDays()));
        m.put("avg_drawdown_duration_days", defined(s.avgDrawdownDurationDays()));
        return m;
    }

    private static Double defined(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** SHA-256 (hex) of the run id and every stored value of the run, {@code date,value} a line. */
    static String fingerprint(UUID runId, List<IndexValue> values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((runId + "\n").getBytes(StandardCharsets.UTF_8));
            for (IndexValue v : values) {
                sha.update((v.date() + "," + v.value() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
