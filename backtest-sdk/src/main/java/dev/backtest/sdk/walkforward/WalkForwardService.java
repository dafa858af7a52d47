package dev.backtest.sdk.walkforward;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.UUID;

/**
 * Walk-forward optimisations of a user's stored backtests as background tasks: {@link #start} validates, stores and
 * returns at once; the work runs in this process (each window's sweep on all cores), shows in the task view as kind
 * {@code walk_forward} with progress, and its result is kept with it. See docs/engine.md, "Walk-forward optimisation".
 * Thread-safe; get it from {@link dev.backtest.sdk.BacktestClient#walkForwards()}.
 *
 * <pre>{@code
 * WalkForwardRequest req = new WalkForwardRequest(Map.of("fast", List.of(5, 10, 20), "slow", List.of(30, 50)),
 *         "fast < slow", "sharpe_ratio", 500, 100, null, "anchored");
 * WalkForwardView w = client.walkForwards().start(me, backtestId, req);
 * while (!(w = client.walkForwards().get(me, backtestId, w.id())).finished()) Thread.sleep(500);
 * }</pre>
 */
public interface WalkForwardService {

    /**
     * Validates and queues a walk-forward of the backtest (its snapshot now).
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#VALIDATION_FAILED} naming
     *         {@code grid}, {@code grid.<name>}, {@code constraint}, {@code train_bars}, {@code test_bars}, {@code step},
     *         {@code mode}, and {@code train_bars} when the backtest's candles are too few for one window; {@link ErrorCode#GRID_TOO_LARGE} above {@code OPTIMIZE_MAX_GRID};
     *         {@link ErrorCode#INVALID_RUN_OPTIONS} for an unknown metric
     */
    WalkForwardView start(UUID userId, UUID backtestId, WalkForwardRequest request);

    /**
     * A walk-forward of the backtest.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#OBJECT_NOT_FOUND} when the backtest
     *         has no such walk-forward (another user's included)
     */
    WalkForwardView get(UUID userId, UUID backtestId, UUID walkForwardId);

    /**
     * Cancels a walk-forward: it stops after the window in progress. A finished one is left as it is (idempotent).
     *
     * @throws BacktestException as {@link #get}
     */
    WalkForwardView cancel(UUID userId, UUID backtestId, UUID walkForwardId);

    /** The error for a walk-forward id that is not one of the backtest's (also for a malformed id). */
    static BacktestException notFound(UUID backtestId, Object walkForwardId) {
        return BacktestException.of(ErrorCode.OBJECT_NOT_FOUND, "backtest " + backtestId + " has no walk-forward " + walkForwardId)
                .with("walk_forward_id", String.valueOf(walkForwardId));
    }
}
