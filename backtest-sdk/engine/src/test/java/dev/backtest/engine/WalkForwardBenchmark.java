package dev.backtest.engine;

import dev.backtest.engine.strategies.Strategies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Not a test: the cost of a walk-forward optimisation against one sweep of the same grid over the whole series, in
 * the same JVM and run, as ratios. 100 000 synthetic one-minute bars, sma_cross with {@code fast} 5..50 step 5 ×
 * {@code slow} 60..240 step 20 (100 combinations), metric {@code sharpe_ratio}, all cores; walk-forward with train
 * 20 000, test 5 000, step 5 000 bars (16 windows), rolling and anchored. See BENCHMARKS.md.
 */
public final class WalkForwardBenchmark {

    private WalkForwardBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int train = n / 5;
        int test = n / 20;
        CandleSeries s = TestBars.randomWalk(7, n, 60, 0.001);
        RunOptions options = RunOptions.builder().cash(1_000_000).commission(0).build();
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", range(5, 50, 5));
        grid.put("slow", range(60, 240, 20));
        Sweep sweep = Sweep.of(grid).constraint("fast < slow").metric("sharpe_ratio");
        Function<Map<String, Object>, Strategy> factory = p -> Strategies.smaCross((int) p.get("fast"), (int) p.get("slow"));
        WalkForward rolling = WalkForward.of(sweep, train, test);
        WalkForward anchored = rolling.mode(WalkForward.Mode.ANCHORED);
        System.out.printf("bars: %,d, JVM %s, %d cores, grid %d, windows %d (train %,d, test %,d)%n", n,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), sweep.size(),
                rolling.windows(n).size(), train, test);
        double sweepSec = best(() -> sweep.run(s, factory, options));
        double rollingSec = best(() -> rolling.run(s, factory, options));
        double anchoredSec = best(() -> anchored.run(s, factory, options));
        // what the windows' sweeps alone must cost, in bar-runs, relative to the one full sweep
        long rollingBars = 0;
        long anchoredBars = 0;
        for (WalkForward.Range r : rolling.windows(n)) {
            rollingBars += r.trainLast() - r.trainFirst() + 1;
        }
        for (WalkForward.Range r : anchored.windows(n)) {
            anchoredBars += r.trainLast() - r.trainFirst() + 1;
        }
        System.out.printf("one sweep, full series:   %8.3f s%n", sweepSec);
        System.out.printf("walk-forward rolling:     %8.3f s  = %.2f x the sweep (training bars %.2f x)%n", rollingSec,
                rollingSec / sweepSec, rollingBars / (double) n);
        System.out.printf("walk-forward anchored:    %8.3f s  = %.2f x the sweep (training bars %.2f x)%n", anchoredSec,
                anchoredSec / sweepSec, anchoredBars / (double) n);
    }

    private static List<Integer> range(int from, int to, int step) {
        List<Integer> out = new ArrayList<>();
        for (int v = from; v <= to; v += step) {
            out.add(v);
        }
        return out;
    }

    /** Best of 3 timed runs after 1 untimed one. */
    private static double best(Runnable task) {
        task.run();
        double best = Double.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
