package dev.backtest.sdk.run.internal;

import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.RunView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One run of a backtest, as stored in {@code backtest_runs}: its snapshot (what it executes), its attempts, the
 * worker that holds it, its progress and heartbeat, and whether its owner asked it to stop.
 *
 * <pre>{@code
 * BacktestRun r = new BacktestRun(backtest.getId(), me, RunSnapshot.of(backtest, strategy), 3, now);
 * em.persist(r);
 * RunView view = r.view();
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

    public BacktestRun(UUID backtestId, UUID userId, RunSnapshot snapshot, int maxAttempts, OffsetDateTime queuedAt) {
        this.backtestId = backtestId;
        this.userId = userId;
        this.kind = "backtest";
        this.optionsJson = StoredJson.write(snapshot);
        this.maxAttempts = maxAttempts;
        this.queuedAt = queuedAt;
    }

    public UUID getBacktestId() { return backtestId; }
    public UUID getUserId() { return userId; }
    public String getKind() { return kind; }
    public int getProgress() { return progress; }
    public void setProgress(int progress) { this.progress = (short) progress; }
    public int getAttempts() { return attempts; }
    public int getMaxAttempts() { return maxAttempts; }
    /** What the run executes; {@link dev.backtest.error.ErrorCode#DATA_CORRUPT} when the stored text cannot be read. */
    public RunSnapshot snapshot() { return StoredJson.read(optionsJson, RunSnapshot.class); }
    public Optional<String> getWorkerId() { return Optional.ofNullable(workerId); }
    public boolean isCancelRequested() { return cancelRequested; }
    public void requestCancel() { this.cancelRequested = true; }
    public OffsetDateTime getQueuedAt() { return queuedAt; }
    public Optional<OffsetDateTime> getHeartbeatAt() { return Optional.ofNullable(heartbeatAt); }
    public void heartbeat(OffsetDateTime now) { this.heartbeatAt = now; }

    /** Claimed by {@code worker} for its next attempt: running, progress 0, a heartbeat now. */
    public void claim(String worker, OffsetDateTime now) {
        claim(now);
        attempts++;
        workerId = worker;
        heartbeatAt = now;
        progress = 0;
    }

    /** What its owner sees. */
    public RunView view() {
        return new RunView(getId(), backtestId, getStatus().wire(), progress, attempts, maxAttempts, cancelRequested, queuedAt,
                getStartedAt().orElse(null), getFinishedAt().orElse(null), heartbeatAt, workerId, getErrorCode().orElse(null),
                getErrorMessage().orElse(null));
    }
}
