package dev.backtest.engine;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link Strategy} over bars with the semantics of docs/engine.md; pure computation, no I/O,
 * thread-safe (each run has its own state).
 *
 * <p>The loop: warm-up {@code w} from the declared indicators, first decision on bar {@code w+1}; on each bar
 * the broker fills orders of the previous bar (market orders at this bar's open), equity is recorded
 * ({@code cash + Σ size·(close − entry)}), a run stops with all trades closed at the close when equity ≤ 0,
 * then the strategy decides. See {@link Broker} for the order of fills within a bar.
 *
 * <p>Memory: the input arrays are read in place; a run allocates the equity and drawdown curves
 * (16 bytes per bar, returned in the result) plus the strategy's indicators (8 bytes per bar each, e.g. 16 for
 * {@code sma_cross}); the statistics are computed in two passes (the equity statistics, then beta) without per-bar
 * scratch memory. Objects are
 * allocated only for trades (orders are reused), never per bar.
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.builder().cash(10_000).build());
 * System.out.println(r.stats().sharpeRatio() + " over " + r.trades().size() + " trades");
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

    static BacktestResult run(Bars bars, Strategy strategy, RunOptions options) {
        Simulation sim = simulate(bars, strategy, options);
        Stats stats = Stats.compute(bars.time(), bars.close(), sim.equity(), sim.trades(), sim.warmup(), options.riskFreeRate());
        return new BacktestResult(stats, sim.trades(), sim.equity(), null, sim.log(), options, sim.warmup());
    }

    /** What the bar loop produces: the equity curve, the closed trades, the run log and the warm-up {@code w}. */
    record Simulation(double[] equity, List<ClosedTrade> trades, List<String> log, int warmup) {
    }

    /** The loop of docs/engine.md over validated bars; kept apart from the statistics so the JIT compiles it on its own. */
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
            // the open too, and kept in the broker: read on every bar, it is in cache when an order fills
            double o = open[i];
            broker.lastOpen = o;
            if (broker.needsStep()) {
                broker.step(i, tradeOnClose ? close[i - 1] : o, tradeOnClose ? i - 1 : i);
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
            // docs/engine.md: re-run the broker on the last bar so orders placed there fill too, then close at its open.
            if (broker.hasPending()) {
                broker.step(last, tradeOnClose ? close[last] : open[last], last);
            }
            broker.closeAllNow(open[last], last);
            equity[last] = broker.equityAt(close[last]);
        }
        return new Simulation(equity, List.copyOf(broker.closedTrades()), List.copyOf(broker.log()), w);
    }

    /**
     * Checks bars as a run does, without running: at least 2, strictly increasing times, finite positive prices,
     * {@code low <= min(open, close)}, {@code high >= max(open, close)}.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_BARS} describing the first bar that is wrong
     */
    public static void checkBars(CandleSeries series) {
        validate(series.time(), series.open(), series.high(), series.low(), series.close(), series.volume());
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
