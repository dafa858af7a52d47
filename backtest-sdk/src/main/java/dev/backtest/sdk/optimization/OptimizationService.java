package dev.backtest.sdk.optimization;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.UUID;

/**
 * Parameter sweeps of a user's stored backtests: in this process on all cores ({@link #optimize}), or as chunks on
 * the queue every instance on the same database shares ({@link #start}). Both validate and rank the same way (the
 * engine's {@code Sweep}): grid order, the constraint {@code a < b} or {@code a <= b}, combinations the strategy
 * refuses skipped and not counted, an unknown metric refused before anything runs. Thread-safe; get it from
 * {@link dev.backtest.sdk.BacktestClient#optimizations()}.
 *
 * <pre>{@code
 * OptimizeRequest sweep = new OptimizeRequest(Map.of("fast", List.of(5, 10, 20), "slow", List.of(30, 50)), "fast < slow",
 *         "sharpe_ratio", 3);
 * OptimizeResult best = client.optimizations().optimize(me, backtestId, sweep);
 * OptimizationView o = client.optimizations().start(me, backtestId, sweep);
 * while (!(o = client.optimizations().get(me, backtestId, o.id())).finished()) Thread.sleep(500);
 * }</pre>
 */
public interface OptimizationService {

    /** The default of {@code OPTIMIZE_MAX_GRID}, the most combinations a sweep may have. */
    long DEFAULT_MAX_GRID_SIZE = 10_000;

    /**
     * Sweeps a grid of strategy parameters over the backtest's candles in this process, on all cores, and returns the
     * best {@code top} by the metric. Nothing is stored.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#VALIDATION_FAILED} for a bad
     *         grid, constraint or top; {@link ErrorCode#GRID_TOO_LARGE} above {@code OPTIMIZE_MAX_GRID} combinations;
     *         {@link ErrorCode#INVALID_RUN_OPTIONS} for an unknown metric
     */
    OptimizeResult optimize(UUID userId, UUID backtestId, OptimizeRequest request);

    /**
     * Starts a distributed sweep: validates exactly like {@link #optimize}, stores the sweep with a snapshot of the
     * backtest, splits its combinations into chunks (about 16, at most 500 combinations each) and queues one item per
     * chunk. Returns at once; any instance with workers runs the chunks on all its cores, and the one that finishes the
     * last chunk merges their results.
     *
     * @throws BacktestException as {@link #optimize}
     */
    OptimizationView start(UUID userId, UUID backtestId, OptimizeRequest request);

    /**
     * A distributed sweep of the backtest: status, progress, and the best parameter sets once completed.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#OPTIMIZATION_NOT_FOUND} when the
     *         backtest has no such sweep
     */
    OptimizationView get(UUID userId, UUID backtestId, UUID optimizationId);

    /**
     * Cancels a distributed sweep: chunks not yet started are skipped, running ones finish without effect. A finished
     * sweep is left as it is (cancel is idempotent).
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#OPTIMIZATION_NOT_FOUND}
     */
    OptimizationView cancel(UUID userId, UUID backtestId, UUID optimizationId);

    /** The error for an optimization id that is not one of the backtest's (also for a malformed id). */
    static BacktestException notFound(UUID backtestId, Object optimizationId) {
        return BacktestException.of(ErrorCode.OPTIMIZATION_NOT_FOUND, "backtest " + backtestId + " has no optimization " + optimizationId)
                .with("optimization_id", String.valueOf(optimizationId));
    }
}
