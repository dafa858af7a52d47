package dev.backtest.sdk.run.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.sdk.backtest.internal.Backtests;
import dev.backtest.sdk.run.RunStatus;
import jakarta.persistence.Column;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.MappedSuperclass;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Queued work on one of a user's backtests that ends in a result document (the sweeps of {@code optimizations}, the
 * walk-forwards of {@code walk_forwards}): who asked, for which backtest, the request as sent, the strategy, symbol
 * and metric it runs with, when it was queued, and the result once completed.
 *
 * <pre>{@code
 * Optimization o = BacktestWork.owned(em, Optimization.class, me, backtestId, id, false, () -> notFound(backtestId, id));
 * }</pre>
 */
@MappedSuperclass
public abstract class BacktestWork extends QueuedWork {

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "backtest_id", nullable = false, updatable = false)
    private UUID backtestId;

    @Column(name = "request", nullable = false, updatable = false)
    private String requestJson;

    @Column(name = "strategy", nullable = false, updatable = false, length = 64)
    private String strategy;

    @Column(name = "symbol", nullable = false, updatable = false, length = 20)
    private String symbol;

    @Column(name = "metric", nullable = false, updatable = false, length = 64)
    private String metric;

    @Column(name = "result")
    private String resultJson;

    @Column(name = "queued_at", nullable = false, updatable = false)
    private OffsetDateTime queuedAt;

    protected BacktestWork() {
        // for JPA
    }

    protected BacktestWork(UUID userId, UUID backtestId, String requestJson, RunSnapshot snapshot, String metric, OffsetDateTime queuedAt) {
        this.userId = userId;
        this.backtestId = backtestId;
        this.requestJson = requestJson;
        this.strategy = snapshot.strategy();
        this.symbol = snapshot.symbol();
        this.metric = metric;
        this.queuedAt = queuedAt;
    }

    /**
     * The work {@code id} of {@code type} on the user's backtest, locked for an update when {@code lock}; the
     * backtest is checked first (another user's or a missing one: its own not found).
     *
     * @throws BacktestException {@code BACKTEST_NOT_FOUND}, or {@code notFound} when there is no such work on it
     */
    public static <T extends BacktestWork> T owned(EntityManager em, Class<T> type, UUID userId, UUID backtestId, UUID id, boolean lock,
                                                  Supplier<BacktestException> notFound) {
        Backtests.owned(em, userId, backtestId);
        T w = id == null ? null : lock ? em.find(type, id, LockModeType.PESSIMISTIC_WRITE) : em.find(type, id);
        if (w == null || !w.getBacktestId().equals(backtestId) || !w.getUserId().equals(userId)) {
            throw notFound.get();
        }
        return w;
    }

    public UUID getUserId() { return userId; }
    public UUID getBacktestId() { return backtestId; }
    public String getRequestJson() { return requestJson; }
    public String getStrategy() { return strategy; }
    public String getSymbol() { return symbol; }
    public String getMetric() { return metric; }
    public Optional<String> getResultJson() { return Optional.ofNullable(resultJson); }
    public OffsetDateTime getQueuedAt() { return queuedAt; }

    /** The result document: the work is completed. */
    public void complete(String result, OffsetDateTime now) {
        this.resultJson = result;
        finish(RunStatus.COMPLETED, null, null, now);
    }
}
