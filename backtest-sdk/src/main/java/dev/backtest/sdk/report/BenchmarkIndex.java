package dev.backtest.sdk.report;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.time.Instant;
import java.util.Arrays;

/**
 * A benchmark as the portfolio report draws it: its last close at or before each timeline time (the price the engine
 * values a holding at), rebased to 100 at the run's first fill, or at the timeline's start when nothing was filled;
 * when the benchmark has no bar yet at that time, at its first close after. It starts there, not at the timeline's
 * start, because the benchmark statistics compare from the first fill (before it the portfolio is all cash), so
 * that its last value is {@code 100 + benchmark_return_pct} when it is the benchmark asset's series.
 *
 * <pre>{@code
 * BenchmarkIndex b = BenchmarkIndex.of(result, spy);
 * double last = b.values()[b.values().length - 1];   // 100 · (1 + benchmark_return_pct / 100)
 * }</pre>
 *
 * @param time   the timeline times from the rebasing time on
 * @param values the rebased closes at those times
 */
record BenchmarkIndex(String symbol, long[] time, double[] values) {

    /**
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} when the series is null or has no bar at or before
     *         the run's last time (nothing to draw)
     */
    static BenchmarkIndex of(PortfolioResult result, CandleSeries bars) {
        if (bars == null) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "the benchmark series is null: pass the benchmark's bars, "
                    + "or use the report without a benchmark series");
        }
        long[] time = result.time();
        long[] barTime = bars.time();
        int n = time.length;
        if (barTime.length == 0 || barTime[0] > time[n - 1]) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "the benchmark series '" + bars.symbol() + "' has "
                    + (barTime.length == 0 ? "no bars" : "its first bar after the run's last time " + Instant.ofEpochSecond(time[n - 1]))
                    + ": pass bars that cover the run, or no benchmark series");
        }
        int from = result.fills().isEmpty() ? 0 : Math.max(0, Arrays.binarySearch(time, result.fills().get(0).time()));
        while (time[from] < barTime[0]) {
            from++;
        }
        double[] last = new double[n - from];
        int j = -1;
        for (int i = from; i < n; i++) {
            while (j + 1 < barTime.length && barTime[j + 1] <= time[i]) {
                j++;
            }
            last[i - from] = bars.close()[j];
        }
        double base = last[0];
        for (int i = 0; i < last.length; i++) {
            last[i] = 100 * last[i] / base;
        }
        return new BenchmarkIndex(bars.symbol(), Arrays.copyOfRange(time, from, n), last);
    }
}
