package dev.backtest.sdk.run.internal;

import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.strategy.internal.StrategyDefinition;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a run or a sweep of a stored backtest executes, taken when it is queued so that later edits of the backtest
 * or its strategy do not change it: where the candles come from, the strategy with its parameters (the strategy's,
 * overridden by the backtest's) and the engine options. Stored as JSON ({@code backtest_runs.options}) through
 * {@link StoredJson}: {@code {"symbol","timeframe":"1h","start_date","end_date","strategy","parameters":{...},"engine":{...}}}.
 *
 * <pre>{@code
 * RunSnapshot s = RunSnapshot.of(backtest, strategy);
 * String json = StoredJson.write(s);
 * RunSnapshot same = StoredJson.read(json, RunSnapshot.class);
 * }</pre>
 */
public record RunSnapshot(String symbol, Timeframe timeframe, LocalDate startDate, LocalDate endDate, String strategy,
                          Map<String, Object> parameters, RunOptions engine) {

    public RunSnapshot {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(timeframe, "timeframe");
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(endDate, "endDate");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(engine, "engine");
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters == null ? Map.of() : parameters));
    }

    /**
     * The snapshot of a backtest now. The engine options are its capital and commission, and fractional units: a
     * stored backtest is defined by an amount of money and its trades are recorded in fractions (0.1 BTC), so in
     * whole units a 10,000 backtest of BTC could never buy one and would run without a trade. The engine's own
     * default (whole units, as docs/engine.md and backtesting.py) is unchanged for SDK and CLI runs.
     */
    public static RunSnapshot of(Backtest b, StrategyDefinition strategy) {
        Map<String, Object> parameters = new TreeMap<>(StoredJson.parameters(strategy.getParametersJson()));
        parameters.putAll(StoredJson.parameters(b.getParametersJson()));
        RunOptions engine = RunOptions.builder().cash(b.getInitialCapital().doubleValue()).commission(b.getCommission().doubleValue())
                .fractionalUnits(true).build();
        return new RunSnapshot(b.getSymbol(), Timeframe.parse(b.getTimeframe()), b.getStartDate(), b.getEndDate(), strategy.getType(),
                parameters, engine);
    }
}
