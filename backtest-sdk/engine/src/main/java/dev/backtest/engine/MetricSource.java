package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

/**
 * Statistics that can be read by name, as a {@link Sweep} ranks runs: {@link Stats} of single-asset runs and the
 * portfolio statistics ({@code dev.backtest.engine.portfolio.PortfolioStats}).
 *
 * <pre>{@code
 * MetricSource m = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults()).stats();
 * double sharpe = m.metric("sharpe_ratio"); // NaN when undefined
 * }</pre>
 */
public interface MetricSource {

    /**
     * The value of the statistic named {@code name} (snake_case, as in the implementation's {@code NAMES}); NaN
     * where it is undefined.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_RUN_OPTIONS} for a name that is not one of its statistics
     */
    double metric(String name);
}
