package dev.backtest.engine;

import dev.backtest.engine.indicators.Indicators;
import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.CandleSeries;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: measures sma_cross 10/30 on 1 000 000 synthetic one-minute bars through the engine, through ta4j
 * 0.17 (DoubleNum, BarSeriesManager) and through a hand-written loop over double[] with the engine's semantics,
 * checks the three agree on the number of trades, and times a 100-point sweep on 1 and 2 threads.
 * Long-only, because a ta4j strategy trades one direction. See BENCHMARKS.md for how to run it and the figures.
 */
public final class EngineBenchmark {

    private static final int N = 1_000_000;
    private static final int FAST = 10;
    private static final int SLOW = 30;

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : N;
        CandleSeries s = TestBars.randomWalk(7, n, 60, 0.001); // 0.1 % a minute: prices stay affordable
        double cash = 1_000_000;
        RunOptions options = RunOptions.builder().cash(cash).commission(0).finalizeTrades(true).build();
        System.out.printf("bars: %,d, JVM %s, %d cores%n", n, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        int[] engineTrades = new int[1];
        double engineSec = best(10, 15, () -> engineTrades[0] = Engine.run(s, Strategies.smaCross(FAST, SLOW, Direction.LONG_ONLY),
                options).trades().size());
        int[] engineLsTrades = new int[1];
        double engineLsSec = best(10, 15, () -> engineLsTrades[0] = Engine.run(s, Strategies.smaCross(FAST, SLOW), options)
                .trades().size());
        // what the hand loop does: indicators, loop, trades and equity (validation and statistics left out)
        Bars bars = Engine.validate(s.time(), s.open(), s.high(), s.low(), s.close(), s.volume());
        double simulateSec = best(10, 15, () -> Engine.simulate(bars, Strategies.smaCross(FAST, SLOW, Direction.LONG_ONLY), options));
        Engine.Simulation last = Engine.simulate(bars, Strategies.smaCross(FAST, SLOW, Direction.LONG_ONLY), options);
        double statsSec = best(10, 15, () -> Stats.compute(s.time(), s.close(), last.equity(), last.trades(), last.warmup(), 0));
        // not part of a run: BacktestResult.drawdown() computes it when first asked
        double curveSec = best(10, 15, () -> EquityStats.drawdown(last.equity()));

        int[] handTrades = new int[1];
        double handSec = best(10, 15, () -> handTrades[0] = handLoop(s, options.cash()));

        long b0 = System.nanoTime();
        BarSeries series = IndicatorsTa4jParityTest.ta4j(s);
        double buildSec = (System.nanoTime() - b0) / 1e9;
        int[] ta4jTrades = new int[1];
        double ta4jSec = best(3, 5, () -> {
            ClosePriceIndicator close = new ClosePriceIndicator(series);
            SMAIndicator fast = new SMAIndicator(close, FAST);
            SMAIndicator slow = new SMAIndicator(close, SLOW);
            // unstable bars = 30: no signal before the engine's first decision bar (ta4j's SMA has partial windows)
            BaseStrategy strategy = new BaseStrategy(new CrossedUpIndicatorRule(fast, slow),
                    new CrossedDownIndicatorRule(fast, slow), SLOW);
            TradingRecord record = new BarSeriesManager(series).run(strategy);
            ta4jTrades[0] = record.getPositionCount() + (record.getCurrentPosition().isOpened() ? 1 : 0);
        });

        System.out.printf("%-46s %10s %14s %8s%n", "sma_cross 10/30, long-only", "ms", "bars/s", "trades");
        System.out.printf("%-46s %10.2f %,14.0f %8d%n", "engine: Engine.run (everything)", engineSec * 1e3, n / engineSec, engineTrades[0]);
        System.out.printf("%-46s %10.2f %,14.0f%n", "  simulation: indicators + loop + trades", simulateSec * 1e3, n / simulateSec);
        System.out.printf("%-46s %10.2f%n", "  statistics (one pass)", statsSec * 1e3);
        System.out.printf("%-46s %10.2f%n", "drawdown curve, when asked for (not in a run)", curveSec * 1e3);
        System.out.printf("%-46s %10.2f %,14.0f %8d%n", "hand loop over double[] (SMAs, trades, equity)", handSec * 1e3, n / handSec,
                handTrades[0]);
        System.out.printf("%-46s %10.2f %,14.0f %8d%n", "ta4j 0.17 DoubleNum (excl. series)", ta4jSec * 1e3, n / ta4jSec, ta4jTrades[0]);
        System.out.printf("%-46s %10.2f%n", "ta4j BarSeries construction", buildSec * 1e3);
        System.out.printf("%-46s %10.2f %,14.0f %8d%n", "engine, long_short", engineLsSec * 1e3, n / engineLsSec, engineLsTrades[0]);
        System.out.printf("ta4j / engine: %.1fx; engine / hand loop: %.2fx; simulation / hand loop: %.2fx;"
                        + " engine / (hand loop + statistics): %.2fx%n", ta4jSec / engineSec, engineSec / handSec, simulateSec / handSec,
                engineSec / (handSec + statsSec));
        boolean match = engineTrades[0] == handTrades[0] && engineTrades[0] == ta4jTrades[0];
        System.out.println("trade counts match: " + match);

        Map<String, List<?>> grid = new LinkedHashMap<>();
        List<Integer> fasts = new ArrayList<>();
        List<Integer> slows = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            fasts.add(5 + 5 * k);
            slows.add(60 + 20 * k);
        }
        grid.put("fast", fasts);
        grid.put("slow", slows);
        RunOptions sweepOptions = RunOptions.builder().cash(cash).build();
        double[] sweep = new double[3];
        for (int threads = 1; threads <= 2; threads++) {
            int t = threads;
            List<SweepResult> top = new ArrayList<>();
            Sweep plan = Sweep.of(grid).metric("sharpe_ratio").top(5).threads(t);
            sweep[threads] = best(1, 3, () -> top.add(plan.run(s, Strategies.spec("sma_cross")::create, sweepOptions)));
            System.out.printf("sweep 100 points, %d thread(s): %.2f s (%.1f runs/s, %,.0f bars/s), best %s%n", threads,
                    sweep[threads], 100 / sweep[threads], 100.0 * n / sweep[threads], top.get(0).best().get(0).params());
        }
        System.out.printf("sweep speed-up 2 vs 1 thread: %.2fx%n", sweep[1] / sweep[2]);
        if (!match) {
            System.exit(1);
        }
    }

    /** Runs {@code task} {@code warmup} times unmeasured, then {@code reps} times; the fastest, in seconds. */
    private static double best(int warmup, int reps, Runnable task) {
        for (int k = 0; k < warmup; k++) {
            task.run();
        }
        double best = Double.MAX_VALUE;
        for (int k = 0; k < reps; k++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /**
     * sma_cross long-only with the engine's rules written out by hand: decide on bar i ≥ 30, fill at open[i+1],
     * all-in whole units with the 1−2⁻⁵² guard, no commission, close at the last open at the end.
     */
    static int handLoop(CandleSeries s, double cash0) {
        double[] o = s.open();
        double[] c = s.close();
        double[] f = Indicators.sma(c, FAST);
        double[] sl = Indicators.sma(c, SLOW);
        int n = c.length;
        double[] equity = new double[n];
        double cash = cash0;
        double units = 0;
        double entry = 0;
        int pending = 0; // +1 buy, −1 close
        int trades = 0;
        for (int i = 0; i < SLOW; i++) {
            equity[i] = cash;
        }
        for (int i = SLOW; i < n; i++) {
            if (pending == 1 && units == 0) {
                units = Math.floor(cash * (1 - 0x1p-52) / o[i]);
                entry = o[i];
            } else if (pending == -1 && units > 0) {
                cash += units * (o[i] - entry);
                units = 0;
                trades++;
            }
            pending = 0;
            equity[i] = cash + units * (c[i] - entry);
            if (f[i - 1] < sl[i - 1] && f[i] > sl[i]) {
                pending = 1;
            } else if (f[i - 1] > sl[i - 1] && f[i] < sl[i]) {
                pending = -1;
            }
        }
        if (pending == 1 && units == 0) {
            units = Math.floor(cash * (1 - 0x1p-52) / o[n - 1]);
            entry = o[n - 1];
        }
        if (units > 0) {
            cash += units * (o[n - 1] - entry);
            trades++;
        }
        equity[n - 1] = cash;
        return trades;
    }
}
