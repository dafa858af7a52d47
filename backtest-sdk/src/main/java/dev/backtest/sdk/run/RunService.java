package dev.backtest.sdk.run;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.util.UUID;

/**
 * Runs of a user's backtests: queued on the queue every instance on the same database shares, executed by whichever
 * instance claims them (this client too, with {@code BACKTEST_WORKERS} &gt; 0), with status, progress and results in
 * the database. Every method takes the acting user's id; another user's backtest behaves like a missing one.
 * Thread-safe; get it from {@link dev.backtest.sdk.BacktestClient#runs()}.
 *
 * <pre>{@code
 * RunView run = client.runs().start(me, backtestId);
 * // ... later, or after polling get() until finished():
 * RunResults r = client.runs().results(me, backtestId, 500, PageRequest.first(50));
 * // every run is kept: list them, newest first, and read any of them
 * Page<RunView> history = client.runs().list(me, backtestId, PageRequest.first(20));
 * RunResults older = client.runs().results(me, backtestId, history.items().get(1).id(), 500, PageRequest.first(50));
 * }</pre>
 */
public interface RunService {

    /** Attempts of a run before it is marked failed (a worker death or an unexpected error costs one). */
    int MAX_ATTEMPTS = 3;
    /** The most points {@link #results} reduces an equity curve to. */
    int MAX_POINTS = 10_000;

    /**
     * Queues a new run of the backtest with its current strategy, parameters, capital and commission
     * (a snapshot kept with the run), sets the backtest {@code queued} and hands the run to the queue.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#BACKTEST_INVALID_STATE} while
     *         queued or running; {@link ErrorCode#VALIDATION_FAILED} without a strategy
     */
    RunView start(UUID userId, UUID backtestId);

    /**
     * The latest run of the backtest.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} if it never ran
     */
    RunView get(UUID userId, UUID backtestId);

    /**
     * Cancels the latest run: a queued run is cancelled at once, a running one stops at its next progress
     * check. A finished run is left as it is (cancel is idempotent).
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} if it never ran
     */
    RunView cancel(UUID userId, UUID backtestId);

    /**
     * The results of the latest completed run: statistics, the equity curve reduced to at most {@code points}
     * points (first and last bar always kept) and one page of trades.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} without a
     *         completed run, {@link ErrorCode#VALIDATION_FAILED} for points outside 2..{@value #MAX_POINTS}
     */
    RunResults results(UUID userId, UUID backtestId, int points, PageRequest tradesPage);

    /**
     * The self-contained HTML report of the latest completed run: statistics, the equity curve with
     * buy-and-hold, the drawdown, the candles with trades marked, and the trades. The candles are read
     * again from the store; when they no longer match the run's bars the report is refused.
     *
     * <pre>{@code
     * Files.writeString(Path.of("report.html"), client.runs().report(me, backtestId));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} without a
     *         completed run, {@link ErrorCode#DATA_CORRUPT} when the market data changed since the run
     */
    String report(UUID userId, UUID backtestId);

    /**
     * Every run of the backtest, newest first (by queue time; {@link PageRequest.Sort#CREATED_AT} gives the oldest
     * first): runs are never deleted, and each completed run keeps its own results and trades.
     *
     * <pre>{@code
     * Page<RunView> runs = client.runs().list(me, backtestId, PageRequest.first(20));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}
     */
    Page<RunView> list(UUID userId, UUID backtestId, PageRequest page);

    /**
     * One run of the backtest, whatever its status.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#RUN_NOT_FOUND} when the run does
     *         not exist or is another backtest's
     */
    RunView get(UUID userId, UUID backtestId, UUID runId);

    /**
     * The results of one run, as {@link #results(UUID, UUID, int, PageRequest)} gives the latest completed one's.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#RUN_NOT_FOUND} when the run does
     *         not exist, is another backtest's or has not completed; {@link ErrorCode#VALIDATION_FAILED} for points
     *         outside 2..{@value #MAX_POINTS}
     */
    RunResults results(UUID userId, UUID backtestId, UUID runId, int points, PageRequest tradesPage);

    /**
     * The HTML report of one run, as {@link #report(UUID, UUID)} gives the latest completed one's.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#RUN_NOT_FOUND} when the run does
     *         not exist, is another backtest's or has not completed; {@link ErrorCode#DATA_CORRUPT} when the market data
     *         changed since the run
     */
    String report(UUID userId, UUID backtestId, UUID runId);

    /** The error for a run id that does not exist or is not one of the backtest's (also a malformed id). */
    static BacktestException runNotFound(UUID backtestId, Object runId) {
        return BacktestException.of(ErrorCode.RUN_NOT_FOUND, "no run " + runId + " of backtest " + backtestId + "; list its runs with GET "
                + "/api/v1/backtests/" + backtestId + "/runs").with("backtest_id", String.valueOf(backtestId));
    }
}
