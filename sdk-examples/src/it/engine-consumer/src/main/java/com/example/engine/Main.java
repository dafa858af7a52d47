package com.example.engine;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Series;
import dev.backtest.engine.Strategy;
import dev.backtest.engine.StrategyContext;
import dev.backtest.engine.StrategyInit;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.indicators.Indicators;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What an engine-only user does: bars from arrays, a built-in strategy, a strategy of their own, a sweep of it, the
 * statistics; with nothing on the class path but the engine. Exits with status 1 when anything is not as expected.
 */
public final class Main {

    /** Long when the close is above its n-bar mean, flat otherwise. */
    static final class AboveMean implements Strategy {
        private final int n;
        private Series mean;

        AboveMean(int n) {
            if (n < 2) {
                throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "n must be >= 2, got " + n);
            }
            this.n = n;
        }

        @Override
        public void init(StrategyInit in) {
            mean = in.indicator("sma" + n, Indicators.sma(in.close(), n));
        }

        @Override
        public void next(StrategyContext ctx) {
            boolean above = ctx.close().last() > mean.last();
            if (above && ctx.position().isFlat()) {
                ctx.buy();
            } else if (!above && ctx.position().isLong()) {
                ctx.position().close();
            }
        }
    }

    public static void main(String[] args) {
        String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
        long jars = java.util.Arrays.stream(classPath).filter(p -> p.endsWith(".jar")).count();
        check(jars == 1, "jars on the class path: " + String.join(", ", classPath));

        CandleSeries bars = randomWalk(2_000);
        RunOptions options = RunOptions.builder().cash(100_000).commission(0.001).build();
        BacktestResult builtIn = Engine.run(bars, Strategies.smaCross(10, 30), options);
        check(builtIn.stats().trades() > 0 && builtIn.equity().length == bars.size(), "sma_cross: " + builtIn.stats());

        BacktestResult mine = Engine.run(bars, new AboveMean(50), options);
        check(mine.stats().trades() > 0, "own strategy: " + mine.stats());

        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("n", List.of(1, 10, 20, 50, 100));
        SweepResult sweep = Sweep.of(grid).metric("sharpe_ratio").top(3).run(bars, p -> new AboveMean((int) p.get("n")), options);
        check(sweep.gridSize() == 5 && sweep.evaluated() == 4 && sweep.best().size() == 3, "sweep: " + sweep);

        try {
            Sweep.of(grid).metric("sharpe");
            check(false, "an unknown metric was accepted");
        } catch (BacktestException e) {
            check(e.code() == ErrorCode.INVALID_RUN_OPTIONS, "unknown metric: " + e.code());
        }
        System.out.printf("engine alone: %d bars, sma_cross %d trades (Sharpe %.2f), own strategy %d trades, best n=%s%n",
                bars.size(), builtIn.stats().trades(), builtIn.stats().sharpeRatio(), mine.stats().trades(),
                sweep.best().get(0).params().get("n"));
        System.out.println("engine consumer OK");
    }

    private static CandleSeries randomWalk(int n) {
        Random random = new Random(1);
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double price = 100;
        for (int i = 0; i < n; i++) {
            t[i] = 1_704_067_200L + i * 86_400L;
            o[i] = price;
            c[i] = price * Math.exp(random.nextGaussian() * 0.015 + 0.0003);
            h[i] = Math.max(o[i], c[i]) * 1.004;
            l[i] = Math.min(o[i], c[i]) * 0.996;
            v[i] = 1_000;
            price = c[i];
        }
        return CandleSeries.of("WALK", Timeframe.D1, t, o, h, l, c, v);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("CHECK FAILED: " + what);
            System.exit(1);
        }
    }

    private Main() {
    }
}
