package dev.backtest.engine;

import java.util.List;
import java.util.Map;

/**
 * What a {@link WalkForward} found: each window's bar ranges, best parameters and in-sample / out-of-sample
 * metric; the stitched out-of-sample equity (the test windows chained, each starting from the previous one's
 * ending equity) with its times; the statistics of that stitched curve; and the walk-forward efficiency.
 *
 * <p>{@code efficiency} is Pardo's walk-forward efficiency taken in aggregate: the annualised return of the
 * stitched out-of-sample equity divided by the mean of the windows' in-sample annualised returns (those of the
 * best parameters on each training window); NaN when that mean is 0 or undefined. Each window's own ratio is
 * {@link Window#efficiency()}. See docs/engine.md, "Walk-forward optimisation".
 *
 * <pre>{@code
 * WalkForwardResult r = WalkForward.of(Sweep.of(grid).metric("sharpe_ratio"), 250, 50)
 *         .run(series, p -> Strategies.smaCross((int) p.get("fast"), (int) p.get("slow")), RunOptions.defaults());
 * r.windows().forEach(w -> System.out.println(w.testFirst() + ".." + w.testLast() + " " + w.params()));
 * System.out.printf("OOS %.2f %%, efficiency %.2f%n", r.outOfSample().returnPct(), r.efficiency());
 * }</pre>
 */
public record WalkForwardResult(String metric, WalkForward.Mode mode, int trainBars, int testBars, int step,
                                List<Window> windows, long[] time, double[] equity, Stats outOfSample,
                                double meanInSampleReturnAnnPct, double efficiency) {

    public WalkForwardResult {
        windows = List.copyOf(windows);
    }

    /**
     * One window: its training and test bars (indexes into the series, inclusive, and their times in epoch
     * seconds), the best parameters on the training bars, the metric there ({@code inSampleMetric}) and on the
     * test bars ({@code outOfSampleMetric}), both annualised returns (percent), the number of test trades, the
     * test window's equity at its start and end in the stitched curve, and {@code oosReturnAnnPct / isReturnAnnPct}.
     */
    public record Window(int index, int trainFirst, int trainLast, long trainStart, long trainEnd,
                         int testFirst, int testLast, long testStart, long testEnd, Map<String, Object> params,
                         double inSampleMetric, double outOfSampleMetric, double inSampleReturnAnnPct,
                         double outOfSampleReturnAnnPct, int outOfSampleTrades, double startEquity, double endEquity) {

        /** This window's out-of-sample annualised return over its in-sample one; NaN when the latter is 0 or NaN. */
        public double efficiency() {
            return WalkForward.ratio(outOfSampleReturnAnnPct, inSampleReturnAnnPct);
        }
    }
}
