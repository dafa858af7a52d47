package dev.backtest.sdk.run.internal;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What a run that workers claim from the {@link RunQueue} keeps besides its {@link QueuedWork} status
 * ({@code backtest_runs}, {@code index_runs}): when it was queued, its attempts and their limit, the worker holding
 * it and its heartbeat, its progress, and whether its owner asked it to stop.
 *
 * <pre>{@code
 * run.claim("worker-1", now);        // running, one more attempt, progress 0, a heartbeat now
 * run.setProgress(50);
 * run.requestCancel();               // the worker stops at its next progress check
 * }</pre>
 */
@MappedSuperclass
public abstract class ClaimedRun extends QueuedWork {

    @Column(name = "progress", nullable = false)
    private short progress;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;

    @Column(name = "worker_id", length = 200)
    private String workerId;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "queued_at", nullable = false)
    private OffsetDateTime queuedAt;

    @Column(name = "heartbeat_at")
    private OffsetDateTime heartbeatAt;

    protected ClaimedRun() {
        // for JPA
    }

    protected ClaimedRun(int maxAttempts, OffsetDateTime queuedAt) {
        this.maxAttempts = maxAttempts;
        this.queuedAt = queuedAt;
    }

    public int getProgress() { return progress; }
    public void setProgress(int progress) { this.progress = (short) progress; }
    public int getAttempts() { return attempts; }
    public int getMaxAttempts() { return maxAttempts; }
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
}
