package dev.backtest.sdk;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Strategy;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.ConfigKey;

import java.util.Map;
import java.util.function.Function;

/**
 * The backtest engine through the client: runs and parameter sweeps in this process, on all cores. The same
 * engine as {@link Engine} with the client's limit on sweeps ({@code OPTIMIZE_MAX_GRID}).
 *
 * <pre>{@code
 * BacktestResult r = client.engine().run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 *
 * var grid = new LinkedHashMap<String, List<?>>();
 * grid.put("fast", List.of(5, 10, 20));
 * grid.put("slow", List.of(30, 50, 100));
 * SweepResult builtIn = client.engine().sweep(series, Sweep.of(grid).constraint("fast < slow"), "sma_cross", RunOptions.defaults());
 * SweepResult mine = client.engine().sweep(series, Sweep.of(grid).constraint("fast < slow").metric("return_pct"),
 *         p -> new MyStrategy((int) p.get("fast"), (int) p.get("slow")), RunOptions.defaults());
 * WalkForwardResult wf = client.engine().walkForward(series,
 *         WalkForward.of(Sweep.of(grid).constraint("fast < slow"), 500, 100), "sma_cross", RunOptions.defaults());
 * }</pre>
 */
public final class EngineView {

    private final long maxGrid;

    EngineView(long maxGrid) {
        this.maxGrid = maxGrid;
    }

    /** Runs a Java strategy. */
    public BacktestResult run(CandleSeries series, Strategy strategy, RunOptions options) {
        return Engine.run(series, strategy, options);
    }

    /** Runs a built-in strategy with its parameters (missing ones take their defaults). */
    public BacktestResult run(CandleSeries series, String strategyKey, Map<String, ?> params, RunOptions options) {
        return Engine.run(series, Strategies.create(strategyKey, params), options);
    }

    /**
     * A sweep of a Java strategy: {@code factory} makes a new instance for each combination's parameters and may
     * refuse one by throwing {@link ErrorCode#INVALID_STRATEGY_PARAMETER} (it is then skipped, not counted).
     *
     * @throws BacktestException {@link ErrorCode#GRID_TOO_LARGE} above {@code OPTIMIZE_MAX_GRID} combinations
     */
    public SweepResult sweep(CandleSeries series, Sweep sweep, Function<Map<String, Object>, Strategy> factory, RunOptions options) {
        return sweep.requireSizeAtMost(maxGrid, ConfigKey.OPTIMIZE_MAX_GRID.name()).run(series, factory, options);
    }

    /**
     * A sweep of a built-in strategy: its parameters' defaults are fixed underneath the grid (and the constraint may
     * name them), and combinations its rules refuse are skipped.
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} for an unknown key; {@link ErrorCode#GRID_TOO_LARGE}
     */
    public SweepResult sweep(CandleSeries series, Sweep sweep, String strategyKey, RunOptions options) {
        StrategySpec spec = Strategies.spec(strategyKey);
        Map<String, Object> defaults = new java.util.LinkedHashMap<>(spec.defaults());
        defaults.putAll(sweep.fixedParameters());
        return sweep(series, sweep.fixed(defaults), spec::create, options);
    }

    /**
     * A walk-forward optimisation of a Java strategy: the sweep on each training window (all cores), the best
     * parameters on the following test window; see {@link WalkForward}.
     *
     * @throws BacktestException {@link ErrorCode#GRID_TOO_LARGE} above {@code OPTIMIZE_MAX_GRID} combinations;
     *         {@link ErrorCode#VALIDATION_FAILED} when no window fits the series
     */
    public WalkForwardResult walkForward(CandleSeries series, WalkForward walkForward,
                                         Function<Map<String, Object>, Strategy> factory, RunOptions options) {
        walkForward.sweep().requireSizeAtMost(maxGrid, ConfigKey.OPTIMIZE_MAX_GRID.name());
        return walkForward.run(series, factory, options);
    }

    /**
     * A walk-forward optimisation of a built-in strategy, its parameters' defaults fixed underneath the grid as in
     * {@link #sweep(CandleSeries, Sweep, String, RunOptions)}.
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} for an unknown key; as the other form
     */
    public WalkForwardResult walkForward(CandleSeries series, WalkForward walkForward, String strategyKey, RunOptions options) {
        StrategySpec spec = Strategies.spec(strategyKey);
        Map<String, Object> defaults = new java.util.LinkedHashMap<>(spec.defaults());
        defaults.putAll(walkForward.sweep().fixedParameters());
        return walkForward(series, walkForward.sweep(walkForward.sweep().fixed(defaults)), spec::create, options);
    }
}
