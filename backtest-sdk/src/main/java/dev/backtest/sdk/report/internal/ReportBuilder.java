package dev.backtest.sdk.report.internal;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.report.ReportContent;
import dev.backtest.sdk.report.ReportService;
import dev.backtest.sdk.report.ReportType;
import dev.backtest.sdk.run.RunResults;
import dev.backtest.sdk.run.internal.CompletedRun;
import dev.backtest.sdk.run.internal.RunSnapshot;
import dev.backtest.sdk.run.internal.RunTrade;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The content of a report of a completed run over a period of whole UTC days, and the fingerprint of the stored results
 * it was computed from (SHA-256 of the run id, its statistics, its equity curve and its trades as stored).
 */
final class ReportBuilder {

    /** A report's period, content and fingerprint. */
    record Built(LocalDate start, LocalDate end, String fingerprint, ReportContent content) {
    }

    private ReportBuilder() {
    }

    /**
     * Builds the report; a period end left out is the run's first or last bar's day.
     *
     * @throws dev.backtest.error.BacktestException VALIDATION_FAILED for a period outside the run's bars or without bars
     */
    static Built build(ReportType type, CompletedRun run, LocalDate requestedStart, LocalDate requestedEnd) {
        RunResults.EquityCurve curve = run.equityCurve();
        Period p = period("run", run.runId(), curve.time(), curve.equity(), requestedStart, requestedEnd);
        LocalDate first = p.first();
        LocalDate last = p.last();
        LocalDate start = p.start();
        LocalDate end = p.end();
        long from = p.from();
        long until = p.until();
        long[] t = p.time();
        double[] e = p.values();
        int n = t.length;
        double[] dd = drawdownPct(e);

        List<RunResults.TradeRow> trades = new ArrayList<>();
        int winning = 0;
        for (RunTrade.Values v : run.trades()) {
            long exit = v.exitTime().toEpochSecond();
            if (exit >= from && exit < until) {
                trades.add(RunTrade.row(v));
                winning += v.pnl().signum() > 0 ? 1 : 0;
            }
        }
        double maxDd = 0;
        for (double d : dd) {
            maxDd = Math.min(maxDd, d);
        }
        ReportContent.Summary summary = new ReportContent.Summary(n, time(t[0]), time(t[n - 1]), e[0], e[n - 1],
                PeriodReturns.percent(e[0], e[n - 1]), maxDd, trades.size(), winning,
                trades.isEmpty() ? null : 100.0 * winning / trades.size());
        RunSnapshot s = run.snapshot();
        ReportContent.Source source = new ReportContent.Source(run.backtestId(), run.backtestName(), run.runId(), run.finishedAt(),
                s.symbol(), s.timeframe().code(), s.strategy(), s.parameters(), first, last);
        boolean summaryType = type == ReportType.BACKTEST_SUMMARY;
        ReportContent content = new ReportContent(source, summary,
                summaryType ? reduce(t, e, dd, ReportService.MAX_EQUITY_POINTS) : new ReportContent.Equity(new long[0], new double[0], new double[0]),
                summaryType ? trades : List.of(), PeriodReturns.monthly(t, e), PeriodReturns.yearly(t, e));
        return new Built(start, end, fingerprint(run), content);
    }

    /**
     * The days {@code [start, end]} of a curve (epoch-second times, increasing) and its points in them: {@code what}
     * names the curve in errors ("run", "index run").
     */
    record Period(LocalDate first, LocalDate last, LocalDate start, LocalDate end, long from, long until, long[] time, double[] values) {
    }

    /**
     * The period of a report over {@code time} (an end left out: the first or last point's day).
     *
     * @throws dev.backtest.error.BacktestException VALIDATION_FAILED for a period outside the points or without points
     */
    static Period period(String what, UUID runId, long[] time, double[] values, LocalDate requestedStart, LocalDate requestedEnd) {
        LocalDate first = time.length == 0 ? null : PeriodReturns.date(time[0]);
        LocalDate last = time.length == 0 ? null : PeriodReturns.date(time[time.length - 1]);
        FieldErrors errors = new FieldErrors();
        if (first == null) {
            errors.add("run_id", what + " " + runId + " has no bars to report on");
            errors.throwIfAny();
        }
        LocalDate start = requestedStart == null ? first : requestedStart;
        LocalDate end = requestedEnd == null ? last : requestedEnd;
        String range = "; the " + what + "'s bars span " + first + " to " + last;
        if (start.isBefore(first) || start.isAfter(last)) {
            errors.add("start_date", "must be inside the " + what + "'s bars; got " + start + range);
        }
        if (end.isBefore(first) || end.isAfter(last)) {
            errors.add("end_date", "must be inside the " + what + "'s bars; got " + end + range);
        }
        if (end.isBefore(start)) {
            errors.add("end_date", "must not be before start_date " + start + "; got " + end);
        }
        errors.throwIfAny();
        long from = start.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long until = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        int lo = 0;
        while (lo < time.length && time[lo] < from) {
            lo++;
        }
        int hi = lo;
        while (hi < time.length && time[hi] < until) {
            hi++;
        }
        if (hi == lo) {
            throw FieldErrors.single("start_date", "the period " + start + " to " + end + " holds no bar of the " + what + range);
        }
        int n = hi - lo;
        long[] t = new long[n];
        double[] e = new double[n];
        System.arraycopy(time, lo, t, 0, n);
        System.arraycopy(values, lo, e, 0, n);
        return new Period(first, last, start, end, from, until, t, e);
    }

    /** Drawdown below the running peak of {@code equity}, in percent (0 or negative). */
    static double[] drawdownPct(double[] equity) {
        double[] dd = new double[equity.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            dd[i] = peak > 0 && Double.isFinite(equity[i]) ? (equity[i] / peak - 1) * 100 : 0;
        }
        return dd;
    }

    /** At most {@code points} evenly spaced points, the first and last kept. */
    private static ReportContent.Equity reduce(long[] t, double[] e, double[] dd, int points) {
        int n = t.length;
        int m = Math.min(n, points);
        long[] rt = new long[m];
        double[] re = new double[m];
        double[] rd = new double[m];
        for (int k = 0; k < m; k++) {
            int i = m == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (m - 1));
            rt[k] = t[i];
            re[k] = e[i];
            rd[k] = dd[i];
        }
        return new ReportContent.Equity(rt, re, rd);
    }

    /** SHA-256 (hex) of what the report reads: the run id, its stored statistics and equity curve, and its trades. */
    static String fingerprint(CompletedRun run) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((run.runId() + "\n" + run.statsJson() + "\n" + run.curveJson() + "\n").getBytes(StandardCharsets.UTF_8));
            for (RunTrade.Values v : run.trades()) {
                sha.update((v.seq() + "," + v.size().toPlainString() + "," + v.entryTime().toEpochSecond() + ","
                        + v.exitTime().toEpochSecond() + "," + v.entryPrice().toPlainString() + "," + v.exitPrice().toPlainString()
                        + "," + v.commission().toPlainString() + "," + v.pnl().toPlainString() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static OffsetDateTime time(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC);
    }
}
