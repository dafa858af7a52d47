package dev.backtest.sdk.ml;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;

import java.util.List;
import java.util.Locale;

/**
 * Training and prediction time of every model kind on a year of hourly bars (8,760, a seeded AR(1) random walk), with two
 * baselines measured in the same run: one {@code sma_cross} engine run over the same bars, and the plain least-squares
 * AR(5) fit. A {@code main}, not a test: see BENCHMARKS.md. Each figure is the median of {@code bench.iterations}
 * (default 15) timed repetitions after {@code bench.warmup} (default 5) untimed ones.
 */
public final class MlBenchmark {

    private MlBenchmark() {
    }

    public static void main(String[] args) {
        // Tribuo reports every SGD training at INFO through java.util.logging: keep the tables readable
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        int bars = args.length > 0 ? Integer.parseInt(args[0]) : 8_760;
        int warmup = Integer.getInteger("bench.warmup", 5);
        int iterations = Integer.getInteger("bench.iterations", 15);
        CandleSeries series = MlModelsTest.ar1(bars, 0.3, 42);
        List<String> features = List.of("returns", "range", "body", "upper_wick", "lower_wick", "volume_change", "rsi:14", "sma:20");

        double engine = median(warmup, iterations, () -> Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults()));
        double ar = median(warmup, iterations, () -> MlModels.train(series, ModelSpec.autoregressive(5), null));
        System.out.printf(Locale.ROOT, "%d bars; baselines: engine run sma_cross 10/30 %.2f ms, AR(5) least squares train %.2f ms%n%n",
                bars, engine, ar);
        System.out.println("| model (5 lags + 7 OHLC/indicator features, 12 columns) | train ms | predict ms | train / engine run "
                + "| train / AR(5) | predict / engine run | ml_predictive run ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (ModelKind kind : ModelKind.values()) {
            ModelSpec spec = new ModelSpec(kind, 5, features, 1, 6, 5);
            double train = median(warmup, iterations, () -> MlModels.train(series, spec, null));
            TrainedModel m = MlModels.train(series, spec, null);
            double predict = median(warmup, iterations, () -> m.predict(series));
            // a run over the second half with a model of the first: what a user runs, leakage check included
            TrainedModel early = MlModels.train(series.slice(0, bars / 2), spec, null);
            CandleSeries later = series.slice(bars / 2, bars);
            double run = median(warmup, iterations, () -> Engine.run(later, MlModels.strategy(early, 0, Direction.LONG_SHORT),
                    RunOptions.defaults()));
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.1f× | %.1f× | %.1f× | %.2f |%n", kind.wire(), train, predict,
                    train / engine, train / ar, predict / engine, run);
        }
    }

    private static double median(int warmup, int iterations, Runnable r) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] t = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[iterations / 2];
    }
}
