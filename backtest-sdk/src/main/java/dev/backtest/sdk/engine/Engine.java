package dev.backtest.sdk.engine;

import dev.backtest.sdk.BacktestException;
import dev.backtest.sdk.ErrorCode;
import dev.backtest.sdk.marketdata.CandleSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a {@link Strategy} over bars with the semantics of SPEC-ENGINE.md; pure computation, no I/O,
 * thread-safe (each run has its own state).
 *
 * <p>The loop: warm-up {@code w} from the declared indicators, first decision on bar {@code w+1}; on each bar
 * the broker fills orders of the previous bar (market orders at this bar's open), equity is recorded
 * ({@code cash + Σ size·(close − entry)}), a run stops with all trades closed at the close when equity ≤ 0,
 * then the strategy decides. See {@link Broker} for the order of fills within a bar.
 *
 * <p>Memory: the input arrays are read in place; a run allocates the equity and drawdown curves
 * (16 bytes per bar, returned in the result) plus the strategy's indicators (8 bytes per bar each, e.g. 16 for
 * {@code sma_cross}); the statistics are computed in one pass without per-bar scratch memory. Objects are
 * allocated only for trades (orders are reused), never per bar.
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.builder().cash(10_000).build());
 * System.out.println(r.stats().sharpeRatio() + " " + r.toJson());
 * }</pre>
 */
public final class Engine {

    private Engine() {
    }

    public static BacktestResult run(CandleSeries series, Strategy strategy, RunOptions options) {
        return run(series.time(), series.open(), series.high(), series.low(), series.close(), series.volume(), strategy, options);
    }

    /** Runs on plain arrays; {@code volume} may be null. */
    public static BacktestResult run(long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume,
                                     Strategy strategy, RunOptions options) {
        return run(validate(time, open, high, low, close, volume), strategy, options);
    }

    private static BacktestResult run(Bars bars, Strategy strategy, RunOptions options) {
        Simulation sim = simulate(bars, strategy, options);
        double[] drawdown = new double[bars.n()];
        Stats stats = Stats.compute(bars.time(), bars.close(), sim.equity(), drawdown, sim.trades(), sim.warmup(),
                options.riskFreeRate());
        return new BacktestResult(stats, sim.trades(), sim.equity(), drawdown, sim.log(), options, sim.warmup());
    }

    /** What the bar loop produces: the equity curve, the closed trades, the run log and the warm-up {@code w}. */
    record Simulation(double[] equity, List<ClosedTrade> trades, List<String> log, int warmup) {
    }

    /** The loop of the spec over validated bars; kept apart from the statistics so the JIT compiles it on its own. */
    static Simulation simulate(Bars bars, Strategy strategy, RunOptions options) {
        int n = bars.n();
        double[] open = bars.open();
        double[] close = bars.close();
        Cursor cursor = new Cursor();
        StrategyInit init = new StrategyInit(bars, cursor);
        strategy.init(init);
        int w = Math.min(init.warmup(), n - 1);
        int start = init.warmup() + 1;
        Broker broker = new Broker(bars, options, cursor);
        StrategyContext ctx = new StrategyContext(broker, cursor, bars);
        double[] equity = new double[n];
        Arrays.fill(equity, 0, Math.min(start, n), options.cash());
        boolean tradeOnClose = options.tradeOnClose();
        boolean stopped = false;
        long[] time = bars.time();
        for (int i = start; i < n; i++) {
            // read with the other columns on every bar, so the broker's fills and closes find it in cache
            long t = time[i];
            if (broker.needsStep()) {
                broker.step(i, tradeOnClose ? close[i - 1] : open[i], tradeOnClose ? i - 1 : i);
            }
            double eq = broker.equityAt(close[i]);
            equity[i] = eq;
            if (eq <= 0) {
                cursor.bar = i;
                broker.warn("equity " + eq + " <= 0: run stopped, all trades closed at the close " + close[i]);
                broker.closeAllNow(close[i], i);
                broker.setCash(0);
                Arrays.fill(equity, i, n, 0);
                stopped = true;
                break;
            }
            cursor.bar = i;
            cursor.time = t;
            strategy.next(ctx);
        }
        if (!stopped && options.finalizeTrades() && start < n) {
            int last = n - 1;
            // The spec: re-run the broker on the last bar so orders placed there fill too, then close at its open.
            if (broker.hasPending()) {
                broker.step(last, tradeOnClose ? close[last] : open[last], last);
            }
            broker.closeAllNow(open[last], last);
            equity[last] = broker.equityAt(close[last]);
        }
        return new Simulation(equity, List.copyOf(broker.closedTrades()), List.copyOf(broker.log()), w);
    }

    /**
     * A parameter sweep: every combination of {@code grid} (cartesian product, keys in map order) that passes
     * {@code constraint} is run with a new strategy from {@code factory}; results are ranked by the stat named
     * {@code metric} (a JSON name such as {@code sharpe_ratio}), highest first, NaN last, ties in grid order,
     * and the best {@code topN} are returned. Runs in parallel on {@code threads} threads (0 = all cores); only
     * the statistics of each run are kept.
     *
     * <pre>{@code
     * var grid = new LinkedHashMap<String, List<?>>();
     * grid.put("fast", List.of(5, 10, 20)); grid.put("slow", List.of(30, 50, 100));
     * List<OptimizationResult> top = Engine.optimize(series, Strategies.spec("sma_cross")::create, grid,
     *         p -> (int) p.get("fast") < (int) p.get("slow"), "sharpe_ratio", 5, RunOptions.defaults(), 0);
     * }</pre>
     */
    public static List<OptimizationResult> optimize(CandleSeries series, Function<Map<String, Object>, Strategy> factory,
                                                    Map<String, ? extends List<?>> grid,
                                                    Predicate<Map<String, Object>> constraint, String metric, int topN,
                                                    RunOptions options, int threads) {
        Bars bars = validate(series.time(), series.open(), series.high(), series.low(), series.close(), series.volume());
        List<Map<String, Object>> combos = new ArrayList<>();
        expand(new ArrayList<>(grid.entrySet()), 0, new LinkedHashMap<>(), constraint, combos);
        int nThreads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Stats[] stats = new Stats[combos.size()];
        ExecutorService pool = Executors.newFixedThreadPool(nThreads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < combos.size(); k++) {
                int idx = k;
                futures.add(pool.submit(() -> {
                    stats[idx] = run(bars, factory.apply(combos.get(idx)), options).stats();
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BacktestException(ErrorCode.INTERNAL, "optimisation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BacktestException be) {
                throw be;
            }
            throw new BacktestException(ErrorCode.INTERNAL, "optimisation run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<OptimizationResult> results = new ArrayList<>(combos.size());
        for (int k = 0; k < combos.size(); k++) {
            results.add(new OptimizationResult(Collections.unmodifiableMap(combos.get(k)), stats[k].metric(metric), stats[k]));
        }
        // stable sort: ties keep grid order
        results.sort((a, b) -> {
            boolean an = Double.isNaN(a.metric());
            boolean bn = Double.isNaN(b.metric());
            if (an || bn) {
                return Boolean.compare(an, bn);
            }
            return Double.compare(b.metric(), a.metric());
        });
        return List.copyOf(results.subList(0, Math.min(Math.max(topN, 0), results.size())));
    }

    private static void expand(List<? extends Map.Entry<String, ? extends List<?>>> axes, int depth, LinkedHashMap<String, Object> current,
                               Predicate<Map<String, Object>> constraint, List<Map<String, Object>> out) {
        if (depth == axes.size()) {
            if (constraint == null || constraint.test(current)) {
                out.add(new LinkedHashMap<>(current));
            }
            return;
        }
        var axis = axes.get(depth);
        for (Object v : axis.getValue()) {
            current.put(axis.getKey(), v);
            expand(axes, depth + 1, current, constraint, out);
        }
        current.remove(axis.getKey());
    }

    static Bars validate(long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume) {
        int n = time.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume != null && volume.length != n) {
            throw invalid("bar columns differ in length: time " + n + ", open " + open.length + ", high " + high.length
                    + ", low " + low.length + ", close " + close.length);
        }
        if (n < 2) {
            throw invalid("at least 2 bars are needed, got " + n);
        }
        for (int i = 0; i < n; i++) {
            double o = open[i];
            double h = high[i];
            double l = low[i];
            double c = close[i];
            // low > 0 and a finite high bracketing open and close make all four finite and positive (NaN fails)
            boolean valid = l > 0 & h < Double.POSITIVE_INFINITY & h >= o & h >= c & l <= o & l <= c;
            if (!valid || i > 0 && time[i] <= time[i - 1]) {
                rejectBar(time, open, high, low, close, i);
            }
        }
        return new Bars(time, open, high, low, close, volume == null ? new double[n] : volume);
    }

    /** Throws the error that describes what is wrong with bar {@code i}. */
    private static void rejectBar(long[] time, double[] open, double[] high, double[] low, double[] close, int i) {
        checkPrice("open", i, open[i]);
        checkPrice("high", i, high[i]);
        checkPrice("low", i, low[i]);
        checkPrice("close", i, close[i]);
        if (high[i] < Math.max(open[i], close[i])) {
            throw invalid("bar " + i + ": high " + high[i] + " is below max(open " + open[i] + ", close " + close[i] + ")");
        }
        if (low[i] > Math.min(open[i], close[i])) {
            throw invalid("bar " + i + ": low " + low[i] + " is above min(open " + open[i] + ", close " + close[i] + ")");
        }
        throw invalid("bar " + i + ": time " + time[i] + (time[i] == time[i - 1] ? " duplicates" : " is before")
                + " bar " + (i - 1) + "'s time " + time[i - 1] + "; times must be strictly increasing");
    }

    private static void checkPrice(String column, int i, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw invalid("bar " + i + ": " + column + " " + v + " is not a finite positive price");
        }
    }

    private static BacktestException invalid(String message) {
        return BacktestException.of(ErrorCode.INVALID_BARS, message);
    }
}
