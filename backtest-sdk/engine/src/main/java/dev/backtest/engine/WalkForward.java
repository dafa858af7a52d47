package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Walk-forward optimisation: the series is cut into windows of {@code trainBars} training bars followed by
 * {@code testBars} test bars, moved forward by {@code step} bars; on each training window the {@link Sweep} picks
 * the best parameters (its metric, all cores), which then run on the following test window; the test windows'
 * equity is stitched into one out-of-sample curve.
 *
 * <ul>
 *   <li>{@link Mode#ROLLING}: window {@code k} trains on bars {@code [k·step, k·step + train − 1]};
 *       {@link Mode#ANCHORED}: on {@code [0, train − 1 + k·step]}. Its test bars follow the training bars:
 *       {@code [trainLast + 1, trainLast + test]}. Only whole windows are made: the last one ends on or before
 *       the last bar (bars after it are not tested).</li>
 *   <li>{@code step} is at least {@code testBars}, so test windows never overlap (a larger step leaves bars
 *       between them untested); the default is {@code testBars}, which makes the test windows contiguous.</li>
 *   <li>Warm-up, without look-ahead: the test run is given the window's training bars as history, so its
 *       indicators are computed over training + test bars (never a later bar), but the strategy decides only on
 *       the test bars: its first order is placed on the first test bar (filled at the next open, or at that close
 *       with {@code tradeOnClose}). Each test window starts flat with the options' cash.</li>
 *   <li>Stitching: window {@code k}'s equity is scaled by {@code E_end(k−1) / cash}, so it starts from the
 *       previous window's ending equity (the first from the cash). A trade still open at a window's end is valued
 *       at its last close (or closed at its last open with {@code finalizeTrades}) and not carried over.</li>
 *   <li>Efficiency: {@link WalkForwardResult#efficiency()}.</li>
 * </ul>
 *
 * <pre>{@code
 * WalkForward wf = WalkForward.of(Sweep.of(grid).constraint("fast < slow").metric("sharpe_ratio"), 500, 100)
 *         .step(100).mode(WalkForward.Mode.ANCHORED);
 * WalkForwardResult r = wf.run(series, Strategies.spec("sma_cross")::create, RunOptions.defaults());
 * }</pre>
 */
public final class WalkForward {

    /** How the training window moves: a fixed length sliding forward, or growing from the first bar. */
    public enum Mode {
        ROLLING, ANCHORED;

        /** {@code rolling} or {@code anchored}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The mode named {@code text} (case-insensitive); null or blank is {@link #ROLLING}.
         *
         * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code mode}) for another name
         */
        public static Mode parse(String text) {
            if (text == null || text.isBlank()) {
                return ROLLING;
            }
            for (Mode m : values()) {
                if (m.wire().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            throw FieldErrors.single("mode", "must be 'rolling' or 'anchored'; got '" + abbreviate(text) + "'");
        }
    }

    /** The bars of one window, indexes into the series, inclusive. */
    public record Range(int trainFirst, int trainLast, int testFirst, int testLast) {
    }

    /** Told after each window; may throw (a cancellation, say) to stop the walk-forward. */
    @FunctionalInterface
    public interface Progress {
        void windowDone(int done, int total);
    }

    private final Sweep sweep;
    private final int trainBars;
    private final int testBars;
    private final int step;
    private final Mode mode;

    private WalkForward(Sweep sweep, int trainBars, int testBars, int step, Mode mode) {
        this.sweep = sweep;
        this.trainBars = trainBars;
        this.testBars = testBars;
        this.step = step;
        this.mode = mode;
    }

    /**
     * Rolling windows of {@code trainBars} and {@code testBars} bars, stepping by {@code testBars}.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming {@code train_bars} / {@code test_bars}
     *         when one is below 2
     */
    public static WalkForward of(Sweep sweep, int trainBars, int testBars) {
        return of(sweep, trainBars, testBars, testBars, Mode.ROLLING);
    }

    /**
     * All fields at once, every wrong one named in one error: lengths of at least 2 bars, a step of at least the
     * test length ({@code step}).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming {@code train_bars}, {@code test_bars},
     *         {@code step}
     */
    public static WalkForward of(Sweep sweep, int trainBars, int testBars, int step, Mode mode) {
        FieldErrors errors = new FieldErrors();
        if (sweep == null) {
            errors.add("grid", "a sweep is required");
        }
        if (trainBars < 2) {
            errors.add("train_bars", "must be at least 2 bars; got " + trainBars);
        }
        if (testBars < 2) {
            errors.add("test_bars", "must be at least 2 bars; got " + testBars);
        }
        if (testBars >= 2 && step < testBars) {
            errors.add("step", "must be at least test_bars (" + testBars + ") so test windows do not overlap; got " + step);
        }
        errors.throwIfAny();
        return new WalkForward(sweep, trainBars, testBars, step, mode == null ? Mode.ROLLING : mode);
    }

    /** Steps by {@code bars} (at least the test length). */
    public WalkForward step(int bars) {
        return of(sweep, trainBars, testBars, bars, mode);
    }

    public WalkForward mode(Mode m) {
        return of(sweep, trainBars, testBars, step, m);
    }

    /** The same windows with another sweep (another metric, say). */
    public WalkForward sweep(Sweep s) {
        return of(s, trainBars, testBars, step, mode);
    }

    public Sweep sweep() {
        return sweep;
    }

    public int trainBars() {
        return trainBars;
    }

    public int testBars() {
        return testBars;
    }

    public int step() {
        return step;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The windows over a series of {@code n} bars, in order.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code train_bars}) when
     *         {@code trainBars + testBars > n}: not one window fits
     */
    public List<Range> windows(int n) {
        if ((long) trainBars + testBars > n) {
            throw FieldErrors.single("train_bars", "train_bars + test_bars = " + ((long) trainBars + testBars)
                    + " is more than the " + n + " bars of the series: not one window fits");
        }
        List<Range> out = new ArrayList<>();
        for (long k = 0; ; k++) {
            long trainFirst = mode == Mode.ROLLING ? k * step : 0;
            long trainLast = mode == Mode.ROLLING ? trainFirst + trainBars - 1 : trainBars - 1 + k * step;
            long testLast = trainLast + testBars;
            if (testLast > n - 1) {
                return List.copyOf(out);
            }
            out.add(new Range((int) trainFirst, (int) trainLast, (int) trainLast + 1, (int) testLast));
        }
    }

    /** {@link #run(CandleSeries, Function, RunOptions, Progress)} without progress. */
    public WalkForwardResult run(CandleSeries series, Function<Map<String, Object>, Strategy> factory, RunOptions options) {
        return run(series, factory, options, (done, total) -> { });
    }

    /**
     * Runs every window: the sweep on its training bars, the best parameters on its test bars; {@code progress}
     * after each window.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_BARS} for bars the engine refuses;
     *         {@link ErrorCode#VALIDATION_FAILED} when no window fits ({@code train_bars}) or the strategy
     *         accepts no combination of the grid ({@code grid}); any error a run or {@code progress} throws
     */
    public WalkForwardResult run(CandleSeries series, Function<Map<String, Object>, Strategy> factory, RunOptions options,
                                 Progress progress) {
        Engine.checkBars(series);
        List<Range> ranges = windows(series.size());
        if (sweep.combinations(factory).isEmpty()) {
            throw FieldErrors.single("grid", "the strategy accepts no combination of the grid (or the constraint excludes all)");
        }
        int total = ranges.size();
        long[] time = series.time();
        double cash = options.cash();
        long[] stitchedTime = new long[total * testBars];
        double[] stitched = new double[stitchedTime.length];
        double[] stitchedClose = new double[stitchedTime.length];
        List<ClosedTrade> stitchedTrades = new ArrayList<>();
        List<WalkForwardResult.Window> windows = new ArrayList<>();
        double start = cash;
        double isAnnSum = 0;
        for (int k = 0; k < total; k++) {
            Range r = ranges.get(k);
            SweepResult.Entry best = sweep.run(series.slice(r.trainFirst(), r.trainLast() + 1), factory, options).best().get(0);
            Stats test = testRun(series, r, factory.apply(best.params()), options, k * testBars, start / cash,
                    stitchedTime, stitched, stitchedClose, stitchedTrades);
            double end = stitched[k * testBars + testBars - 1];
            windows.add(new WalkForwardResult.Window(k, r.trainFirst(), r.trainLast(), time[r.trainFirst()], time[r.trainLast()],
                    r.testFirst(), r.testLast(), time[r.testFirst()], time[r.testLast()], best.params(), best.metric(),
                    test.metric(sweep.metric()), best.stats().returnAnnPct(), test.returnAnnPct(), test.trades(), start, end));
            isAnnSum += best.stats().returnAnnPct();
            start = end;
            progress.windowDone(k + 1, total);
        }
        Stats oos = Stats.compute(stitchedTime, stitchedClose, stitched, stitchedTrades, 0,
                options.riskFreeRate());
        double meanIs = isAnnSum / total;
        return new WalkForwardResult(sweep.metric(), mode, trainBars, testBars, step, windows, stitchedTime, stitched, oos,
                meanIs, ratio(oos.returnAnnPct(), meanIs));
    }

    /**
     * Runs {@code strategy} on the training + test bars of {@code r}, deciding on the test bars only, writes the
     * test bars' equity scaled by {@code scale} into the stitched arrays at {@code at}, and returns the statistics
     * of the test bars alone.
     */
    private static Stats testRun(CandleSeries series, Range r, Strategy strategy, RunOptions options, int at, double scale,
                                 long[] stitchedTime, double[] stitched, double[] stitchedClose, List<ClosedTrade> stitchedTrades) {
        int offset = r.testFirst() - r.trainFirst();
        CandleSeries bars = series.slice(r.trainFirst(), r.testLast() + 1);
        BacktestResult run = Engine.run(bars, new TestWindowStrategy(strategy, offset), options);
        int m = bars.size() - offset;
        long[] time = Arrays.copyOfRange(bars.time(), offset, bars.size());
        double[] close = Arrays.copyOfRange(bars.close(), offset, bars.size());
        double[] equity = Arrays.copyOfRange(run.equity(), offset, bars.size());
        List<ClosedTrade> trades = new ArrayList<>();
        for (ClosedTrade t : run.trades()) {
            // decisions start on the first test bar, so every fill is at or after it: indexes shift into the window
            trades.add(shift(t, -offset));
            stitchedTrades.add(shift(t, at - offset));
        }
        System.arraycopy(time, 0, stitchedTime, at, m);
        System.arraycopy(close, 0, stitchedClose, at, m);
        for (int i = 0; i < m; i++) {
            stitched[at + i] = equity[i] * scale;
        }
        return Stats.compute(time, close, equity, trades, 0, options.riskFreeRate());
    }

    private static ClosedTrade shift(ClosedTrade t, int by) {
        return new ClosedTrade(t.size(), t.entryBar() + by, t.exitBar() + by, t.entryPrice(), t.exitPrice(), t.entryTime(),
                t.exitTime(), t.commission(), t.pnl(), t.returnPct());
    }

    /** {@code a / b}, NaN when {@code b} is 0 or either is NaN. */
    static double ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : a / b;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** The strategy of a test run: its indicators over all the bars given, its decisions on the test bars only. */
    private static final class TestWindowStrategy implements Strategy {
        private final Strategy inner;
        private final int firstDecision;

        TestWindowStrategy(Strategy inner, int firstDecision) {
            this.inner = inner;
            this.firstDecision = firstDecision;
        }

        @Override
        public void init(StrategyInit init) {
            inner.init(init);
        }

        @Override
        public void next(StrategyContext ctx) {
            if (ctx.bar() >= firstDecision) {
                inner.next(ctx);
            }
        }
    }

    @Override
    public String toString() {
        return "WalkForward[" + mode.wire() + ", train " + trainBars + ", test " + testBars + ", step " + step + ", " + sweep + "]";
    }
}
