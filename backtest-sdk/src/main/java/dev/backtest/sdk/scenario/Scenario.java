package dev.backtest.sdk.scenario;

import dev.backtest.engine.RunOptions;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One backtest described as data (a scenario file, JSON, schema {@link Scenarios#SCHEMA_RESOURCE}): where the bars come
 * from, a built-in strategy or a portfolio, the engine options, and optionally a parameter grid or a walk-forward.
 * Values are validated when parsed ({@link Scenarios#parse}); {@code null} means "not given" (the engine's default).
 *
 * <pre>{@code
 * Scenario s = Scenarios.parse(Path.of("scenarios/sma-cross.json"));
 * ScenarioResult r = Scenarios.run(s, client.marketData());   // stored data; null will do for CSV files
 * r.writeTo(Path.of("out"));                             // stats.json, trades.csv, equity.csv, report.html
 * }</pre>
 *
 * @param name        a label for the outputs (optional)
 * @param data        the bars
 * @param strategy    a built-in strategy; exactly one of {@code strategy} and {@code portfolio} is set
 * @param portfolio   a portfolio of the data's symbols
 * @param options     engine options (every field optional)
 * @param grid        a parameter sweep instead of one run (optional)
 * @param walkForward a walk-forward evaluation (optional)
 * @param baseDir     the directory CSV paths are relative to (the scenario file's)
 */
public record Scenario(String name, Data data, StrategyRef strategy, PortfolioSpec portfolio, Options options, Grid grid,
                       WalkForward walkForward, Path baseDir) {

    /**
     * Where the bars come from: the store ({@code source = "store"}: {@code symbols}, {@code timeframe}, {@code start},
     * {@code end} inclusive UTC days) or CSV files ({@code source = "csv"}: {@code files}, symbol to a path relative to
     * the scenario file, read as {@code run --csv} reads them).
     */
    public record Data(String source, List<String> symbols, String timeframe, LocalDate start, LocalDate end,
                       Map<String, String> files) {

        /** The symbols in order: the store's, or the CSV files' keys. */
        public List<String> symbolList() {
            return source.equals(Scenarios.SOURCE_CSV) ? List.copyOf(files.keySet()) : symbols;
        }
    }

    /** A built-in strategy ({@code Strategies.keys()}) with its parameters, defaults filled in. */
    public record StrategyRef(String key, Map<String, Object> params) {
    }

    /**
     * A portfolio of the data's symbols: {@code weighting} equal, fixed ({@code weights}) or inverse_volatility
     * ({@code lookback}); {@code rebalance} daily, weekly, monthly, quarterly, yearly or every_n(N); optional
     * {@code maxWeight}, {@code threshold} and {@code benchmark} (one of the symbols).
     */
    public record PortfolioSpec(String weighting, Map<String, Double> weights, Integer lookback, String rebalance, Double maxWeight,
                                Double threshold, String benchmark) {
    }

    /** Engine options; {@code null} fields take the engine's defaults. A portfolio reads cash, commission and fractional units. */
    public record Options(Double cash, Double commission, Double fixedCommission, Double spread, Double slippageBps,
                          Boolean tradeOnClose, Boolean exclusiveOrders, Boolean finalizeTrades, Boolean fractionalUnits,
                          Double riskFreeRate) {

        /** The single-asset run options, defaults where not given. */
        public RunOptions runOptions() {
            RunOptions.Builder b = RunOptions.builder();
            if (cash != null) b.cash(cash);
            if (commission != null) b.commission(commission);
            if (fixedCommission != null) b.fixedCommission(fixedCommission);
            if (spread != null) b.spread(spread);
            if (slippageBps != null) b.slippageBps(slippageBps);
            if (tradeOnClose != null) b.tradeOnClose(tradeOnClose);
            if (exclusiveOrders != null) b.exclusiveOrders(exclusiveOrders);
            if (finalizeTrades != null) b.finalizeTrades(finalizeTrades);
            if (fractionalUnits != null) b.fractionalUnits(fractionalUnits);
            if (riskFreeRate != null) b.riskFreeRate(riskFreeRate);
            return b.build();
        }
    }

    /**
     * A sweep: each parameter to its values (in order), an optional constraint ({@code "fast < slow"}), the metric to
     * rank by and how many to keep.
     */
    public record Grid(Map<String, List<Object>> params, String constraint, String metric, int top) {
    }

    /** A walk-forward: bars to train on, bars to test on, the step between windows, rolling or anchored windows. */
    public record WalkForward(int trainBars, int testBars, int step, String mode) {
    }
}
