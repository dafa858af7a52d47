package dev.backtest.examples;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.BacktestClient;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two sweeps on all cores: a grid of the built-in sma_cross with the constraint {@code fast < slow}, and a grid of a
 * strategy written in Java ({@link CustomStrategyWithStops}) made by a factory, whose constructor refuses some
 * combinations (they are skipped and not counted). Prints the top 5 by Sharpe ratio and how many combinations ran. The
 * folder given is seeded with sample candles on first use.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.ParameterSweep -Dexec.args=/tmp/backtest-demo
 * </pre>
 */
public final class ParameterSweep {

    private ParameterSweep() {
    }

    public static void main(String[] args) {
        if (!Usage.given(args, 1, "ParameterSweep", "DATA_DIR   (a folder for the embedded database and sample candles)")) {
            System.exit(2);
        }
        List<SweepResult> results = run(Path.of(args[0]));
        for (SweepResult r : results) {
            System.out.printf("%d of %d combinations ran%n", r.evaluated(), r.gridSize());
            r.best().forEach(e -> System.out.printf("  %s -> sharpe %.3f, return %.2f %%%n", e.params(), e.metric(),
                    e.stats().returnPct()));
        }
    }

    /** The built-in sweep, then the Java strategy's. */
    static List<SweepResult> run(Path dataDir) {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).sampleData(true).build()) {
            CandleSeries btc = client.candles().symbol("BTC").between(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 12, 31))
                    .timeframe(Timeframe.H4).fetch();
            RunOptions options = RunOptions.builder().cash(10_000).fractionalUnits(true).build();

            Map<String, List<?>> grid = new LinkedHashMap<>();   // ordered: ties rank in grid order
            grid.put("fast", List.of(5, 10, 15, 20, 30));
            grid.put("slow", List.of(20, 40, 60, 90, 120));
            Sweep smaCross = Sweep.of(grid).constraint("fast < slow").metric("sharpe_ratio").top(5);
            SweepResult builtIn = client.engine().sweep(btc, smaCross, "sma_cross", options);

            Map<String, List<?>> mine = new LinkedHashMap<>();
            mine.put("lookback", List.of(1, 10, 20, 40));        // 1 is refused by the constructor: skipped
            mine.put("stop", List.of(0.01, 0.02, 0.05));
            mine.put("target", List.of(0.02, 0.04, 0.08));
            Sweep breakout = Sweep.of(mine).constraint("stop < target").metric("sharpe_ratio").top(5);
            SweepResult java = client.engine().sweep(btc, breakout, CustomStrategyWithStops::of, options);
            return List.of(builtIn, java);
        }
    }
}
