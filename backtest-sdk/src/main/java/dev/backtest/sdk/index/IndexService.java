package dev.backtest.sdk.index;

import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A user's indexes: definitions owned like strategies (another user's index answers exactly like a missing one,
 * {@link ErrorCode#INDEX_NOT_FOUND}), runs queued through the same queue as backtest runs (progress, cancel, retries;
 * listed in the task view as {@code index_run}), and what the latest completed run stored: values, allocations,
 * benchmark comparison and risk metrics. A run computes the index on the portfolio engine from its start date to
 * today on daily bars ({@code client.portfolios()} with cash = the base value, so the equity is the index value) and
 * stores everything in the transaction that completes it. Writes are audited ({@code index.create},
 * {@code index.update}, {@code index.delete}, {@code index.run}, {@code index.cancel}). Thread-safe.
 *
 * <pre>{@code
 * IndexView ix = client.indexes().create(me, IndexInput.builder().name("Majors").universe("BTC", "ETH")
 *         .weighting("market_cap").maxWeight(0.6).startDate(LocalDate.of(2023, 1, 1)).build());
 * client.indexes().run(me, ix.id());
 * // ... once the run completed (client.indexes().latestRun(me, ix.id()).status() == RunStatus.COMPLETED):
 * IndexCurrent now = client.indexes().current(me, ix.id());
 * PortfolioStats risk = client.indexes().riskMetrics(me, ix.id());
 * }</pre>
 */
public interface IndexService {

    /** Longest index name, in characters. */
    int MAX_NAME = 100;
    /** Longest description, in characters. */
    int MAX_DESCRIPTION = 2000;
    /** Longest volatility lookback. */
    int MAX_LOOKBACK = 1000;
    /** The most values {@link #history} returns. */
    int MAX_POINTS = 10_000;
    /** Attempts of a run before it fails. */
    int MAX_ATTEMPTS = 3;

    /**
     * Creates an index owned by {@code userId}.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every bad field (unknown symbols, too many
     *         assets, weights, ...), {@link ErrorCode#DUPLICATE_NAME} when the user has a live index of that name
     */
    IndexView create(UUID userId, IndexInput input);

    /** The user's live indexes, one page. */
    Page<IndexView> list(UUID userId, PageRequest page);

    /**
     * One of the user's indexes.
     *
     * @throws BacktestException {@link ErrorCode#INDEX_NOT_FOUND} for a missing, deleted or another user's index
     */
    IndexView get(UUID userId, UUID indexId);

    /**
     * Changes the fields that are not null; the whole definition is validated again.
     *
     * @param expectedVersion the {@link IndexView#version()} read before, or null not to check
     * @throws BacktestException {@link ErrorCode#INDEX_NOT_FOUND}, {@link ErrorCode#VALIDATION_FAILED},
     *         {@link ErrorCode#CONCURRENT_MODIFICATION} when the version differs, {@link ErrorCode#DUPLICATE_NAME}
     */
    IndexView update(UUID userId, UUID indexId, IndexInput input, Long expectedVersion);

    /**
     * Soft-deletes the index: it vanishes from lists, gets and the task view; a queued or running run is cancelled.
     *
     * @throws BacktestException {@link ErrorCode#INDEX_NOT_FOUND}
     */
    void delete(UUID userId, UUID indexId);

    /**
     * Queues a run of the index as it is defined now.
     *
     * @throws BacktestException {@link ErrorCode#INDEX_NOT_FOUND}, {@link ErrorCode#BACKTEST_INVALID_STATE} while an
     *         earlier run is queued or running
     */
    IndexRunView run(UUID userId, UUID indexId);

    /**
     * The latest run of the index.
     *
     * @throws BacktestException {@link ErrorCode#INDEX_NOT_FOUND}, {@link ErrorCode#INDEX_RUN_NOT_FOUND} if it never ran
     */
    IndexRunView latestRun(UUID userId, UUID indexId);

    /** The index's runs, newest first, one page. */
    Page<IndexRunView> runs(UUID userId, UUID indexId, PageRequest page);

    /**
     * Cancels the latest run: a queued one at once, a running one at its next progress check; a finished one is left
     * as it is.
     *
     * @throws BacktestException {@link ErrorCode#INDEX_NOT_FOUND}, {@link ErrorCode#INDEX_RUN_NOT_FOUND}
     */
    IndexRunView cancel(UUID userId, UUID indexId);

    /**
     * The latest value, its changes and the allocations in force.
     *
     * @throws BacktestException {@link ErrorCode#INDEX_NOT_FOUND}, {@link ErrorCode#INDEX_RUN_NOT_FOUND} without a
     *         completed run
     */
    IndexCurrent current(UUID userId, UUID indexId);

    /**
     * The values from {@code start} to {@code end} (both inclusive, null: open), at most {@code points}.
     *
     * @throws BacktestException as {@link #current}; {@link ErrorCode#VALIDATION_FAILED} for points outside
     *         2..{@value #MAX_POINTS} or an end before the start
     */
    IndexHistory history(UUID userId, UUID indexId, LocalDate start, LocalDate end, int points);

    /**
     * The allocation in force on {@code date}: that of the latest rebalance filled on or before it.
     *
     * @throws BacktestException as {@link #current}; {@link ErrorCode#INDEX_RUN_NOT_FOUND} also when no rebalance had
     *         filled by then; {@link ErrorCode#VALIDATION_FAILED} without a date
     */
    AllocationSet allocation(UUID userId, UUID indexId, LocalDate date);

    /**
     * Every rebalance of the latest completed run, oldest first, each with the allocation in force after it.
     *
     * @throws BacktestException as {@link #current}
     */
    List<AllocationSet> allocationHistory(UUID userId, UUID indexId);

    /**
     * The index against its benchmark.
     *
     * @throws BacktestException as {@link #current}; {@link ErrorCode#VALIDATION_FAILED} (field {@code benchmark})
     *         when the index has none
     */
    IndexBenchmark benchmark(UUID userId, UUID indexId);

    /**
     * The statistics of the latest completed run (docs/portfolio.md; the benchmark ones when the benchmark is in the
     * universe, NaN otherwise: see {@link #benchmark}).
     *
     * @throws BacktestException as {@link #current}
     */
    PortfolioStats riskMetrics(UUID userId, UUID indexId);

    /**
     * Simulates an investment in one of the user's indexes or in one asset, computed now (not queued). A null request
     * is one with every field missing.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every bad field,
     *         {@link ErrorCode#INDEX_NOT_FOUND}, {@link ErrorCode#ASSET_NOT_FOUND}, the candle service's codes
     */
    SimulationResultView simulate(UUID userId, SimulationRequest request);

    /** The error for an index that is missing, deleted or not the caller's (also a malformed id). */
    static BacktestException notFound(Object indexId) {
        return BacktestException.of(ErrorCode.INDEX_NOT_FOUND, "index " + indexId + " does not exist")
                .with("index_id", String.valueOf(indexId));
    }
}
