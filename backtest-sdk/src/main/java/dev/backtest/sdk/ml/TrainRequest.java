package dev.backtest.sdk.ml;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What to train a model on: either a window ({@code symbol}, {@code timeframe}, {@code startDate} to {@code endDate},
 * both inclusive) or "for a backtest" ({@code backtestId}): the {@code steps} bars (default
 * {@value MlModels#DEFAULT_STEPS}) of the backtest's symbol and timeframe that end before its first bar (00:00 UTC of its
 * start date), so that a model trained for a backtest never reaches into it.
 *
 * <pre>{@code
 * TrainRequest w = TrainRequest.window("ar5", "BTC", "1h", LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31),
 *         ModelSpec.autoregressive(5));
 * TrainRequest b = TrainRequest.forBacktest("tree", backtestId, null, ModelSpec.of(ModelKind.REGRESSION_TREE));
 * }</pre>
 */
public record TrainRequest(String name, String symbol, String timeframe, LocalDate startDate, LocalDate endDate, UUID backtestId,
                           Integer steps, ModelSpec spec) {

    public static TrainRequest window(String name, String symbol, String timeframe, LocalDate startDate, LocalDate endDate,
                                      ModelSpec spec) {
        return new TrainRequest(name, symbol, timeframe, startDate, endDate, null, null, spec);
    }

    public static TrainRequest forBacktest(String name, UUID backtestId, Integer steps, ModelSpec spec) {
        return new TrainRequest(name, null, null, null, null, backtestId, steps, spec);
    }
}
