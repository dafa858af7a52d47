package dev.backtest.sdk.engine;

import dev.backtest.sdk.engine.strategies.StrategySpec;
import dev.backtest.sdk.engine.strategies.Strategies;
import dev.backtest.sdk.marketdata.CandleSeries;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The engine as seen from a {@code BacktestClient}: runs and sweeps of Java strategies or built-in
 * strategies by key. Stateless and thread-safe; the work happens in {@link Engine}.
 *
 * <pre>{@code
 * BacktestResult r = client.engine().run(series, "sma_cross", Map.of("fast", 10, "slow", 30), RunOptions.defaults());
 * List<OptimizationResult> top = client.engine().optimize(series, "sma_cross",
 *         Map.of("fast", List.of(5, 10, 20), "slow", List.of(30, 50, 100)), p -> (int) p.get("fast") < (int) p.get("slow"),
 *         "sharpe_ratio", 5, RunOptions.defaults());
 * }</pre>
 */
public final class EngineView {

    /** Runs a Java strategy. */
    public BacktestResult run(CandleSeries series, Strategy strategy, RunOptions options) {
        return Engine.run(series, strategy, options);
    }

    /** Runs a built-in strategy with its parameters (missing ones take their defaults). */
    public BacktestResult run(CandleSeries series, String strategyKey, Map<String, ?> params, RunOptions options) {
        return Engine.run(series, Strategies.create(strategyKey, params), options);
    }

    /** A parameter sweep of a built-in strategy on all cores; the best {@code topN} by {@code metric}, highest first. */
    public List<OptimizationResult> optimize(CandleSeries series, String strategyKey, Map<String, ? extends List<?>> grid,
                                             Predicate<Map<String, Object>> constraint, String metric, int topN, RunOptions options) {
        StrategySpec spec = Strategies.spec(strategyKey);
        return Engine.optimize(series, spec::create, new java.util.LinkedHashMap<>(grid), constraint, metric, topN, options, 0);
    }
}
