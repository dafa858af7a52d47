package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.engine.OptimizationResult;
import dev.backtest.sdk.engine.RunOptions;
import dev.backtest.sdk.marketdata.CandleSeries;
import dev.backtest.sdk.marketdata.Timeframe;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A grid of sma_cross parameters (fast < slow) on all cores, printing the top 5 by Sharpe ratio. */
public final class ParameterSweep {

    private ParameterSweep() {
    }

    public static void main(String[] args) {
        run(Path.of(args.length > 0 ? args[0] : "backtest-data"))
                .forEach(r -> System.out.printf("%s -> sharpe %.3f, return %.2f %%%n", r.params(), r.metric(), r.stats().returnPct()));
    }

    static List<OptimizationResult> run(Path dataDir) {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).build()) {
            CandleSeries btc = client.candles().symbol("BTC").between(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 12, 31))
                    .timeframe(Timeframe.H4).fetch();
            Map<String, List<?>> grid = new LinkedHashMap<>();
            grid.put("fast", List.of(5, 10, 15, 20, 30));
            grid.put("slow", List.of(20, 40, 60, 90, 120));
            return client.engine().optimize(btc, "sma_cross", grid, p -> (int) p.get("fast") < (int) p.get("slow"),
                    "sharpe_ratio", 5, RunOptions.builder().cash(10_000).fractionalUnits(true).build());
        }
    }
}
