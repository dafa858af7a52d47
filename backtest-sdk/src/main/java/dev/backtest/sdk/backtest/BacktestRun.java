package dev.backtest.sdk.backtest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One execution of a backtest, as stored in the {@code backtest_runs} table: status, progress, timings,
 * attempts, the worker that claimed it and, when it failed, the error.
 *
 * <p>Public for JPA (a managed class of {@link dev.backtest.sdk.persistence.Entities#ALL}); not part of
 * the API users call: they see a {@link RunView} from {@code client.runs()}.
 *
 * <pre>{@code
 * RunView run = client.runs().start(me, backtestId);                   // queues a BacktestRun
 * BacktestRun row = client.database().inTransaction(em -> em.find(BacktestRun.class, run.id()));
 * boolean done = row.getStatus().finished();
 * }</pre>
 */
@Entity
@Table(name = "backtest_runs")
public class BacktestRun extends QueuedWork {

    @Column(name = "backtest_id", nullable = false, updatable = false)
    private UUID backtestId;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "kind", nullable = false, length = 16)
    private String kind;

    @Column(name = "progress", nullable = false)
    private short progress;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;

    @Column(name = "options", nullable = false)
    private String optionsJson;

    @Column(name = "worker_id", length = 200)
    private String workerId;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "queued_at", nullable = false)
    private OffsetDateTime queuedAt;

    @Column(name = "heartbeat_at")
    private OffsetDateTime heartbeatAt;

    protected BacktestRun() {
        // for JPA
    }

    public BacktestRun(UUID backtestId, UUID userId, String kind, String optionsJson, int maxAttempts, OffsetDateTime queuedAt) {
        this.backtestId = backtestId;
        this.userId = userId;
        this.kind = kind;
        this.optionsJson = optionsJson;
        this.maxAttempts = maxAttempts;
        this.queuedAt = queuedAt;
    }

    public UUID getBacktestId() { return backtestId; }
    public UUID getUserId() { return userId; }
    public String getKind() { return kind; }
    public int getProgress() { return progress; }
    public void setProgress(int progress) { this.progress = (short) progress; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public int getMaxAttempts() { return maxAttempts; }
    public String getOptionsJson() { return optionsJson; }
    public Optional<String> getWorkerId() { return Optional.ofNullable(workerId); }
    public void setWorkerId(String workerId) { this.workerId = workerId; }
    public boolean isCancelRequested() { return cancelRequested; }
    public void setCancelRequested(boolean cancelRequested) { this.cancelRequested = cancelRequested; }
    public OffsetDateTime getQueuedAt() { return queuedAt; }
    public Optional<OffsetDateTime> getHeartbeatAt() { return Optional.ofNullable(heartbeatAt); }
    public void setHeartbeatAt(OffsetDateTime heartbeatAt) { this.heartbeatAt = heartbeatAt; }
}
