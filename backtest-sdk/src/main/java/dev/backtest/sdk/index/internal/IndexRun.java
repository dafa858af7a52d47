package dev.backtest.sdk.index.internal;

import dev.backtest.sdk.index.IndexRunView;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.internal.QueuedWork;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One run of an index, as stored in {@code index_runs}: the definition it executes, its attempts, the worker that
 * holds it, its progress and heartbeat, and whether its owner asked it to stop. Its status moves as every
 * {@link QueuedWork}'s.
 *
 * <pre>{@code
 * IndexRun r = new IndexRun(index.getId(), me, index.snapshot(), 3, now);
 * em.persist(r);
 * }</pre>
 */
@Entity
@Table(name = "index_runs")
public class IndexRun extends QueuedWork {

    @Column(name = "index_id", nullable = false, updatable = false)
    private UUID indexId;
    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;
    @Column(name = "progress", nullable = false)
    private short progress;
    @Column(name = "attempts", nullable = false)
    private int attempts;
    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;
    @Column(name = "snapshot", nullable = false)
    private String snapshotJson;
    @Column(name = "worker_id", length = 200)
    private String workerId;
    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;
    @Column(name = "queued_at", nullable = false)
    private OffsetDateTime queuedAt;
    @Column(name = "heartbeat_at")
    private OffsetDateTime heartbeatAt;

    protected IndexRun() {
        // for JPA
    }

    public IndexRun(UUID indexId, UUID userId, IndexSnapshot snapshot, int maxAttempts, OffsetDateTime queuedAt) {
        this.indexId = indexId;
        this.userId = userId;
        this.snapshotJson = StoredJson.write(snapshot);
        this.maxAttempts = maxAttempts;
        this.queuedAt = queuedAt;
    }

    public UUID getIndexId() { return indexId; }
    public UUID getUserId() { return userId; }
    public int getAttempts() { return attempts; }
    public int getMaxAttempts() { return maxAttempts; }
    public String getWorkerId() { return workerId; }
    public boolean isCancelRequested() { return cancelRequested; }
    public void requestCancel() { cancelRequested = true; }

    /** What the run executes; {@code DATA_CORRUPT} when the stored text cannot be read. */
    public IndexSnapshot snapshot() {
        return StoredJson.read(snapshotJson, IndexSnapshot.class);
    }

    /** Claimed by {@code worker} for its next attempt: running, progress 0, a heartbeat now. */
    public void claim(String worker, OffsetDateTime now) {
        claim(now);
        attempts++;
        workerId = worker;
        heartbeatAt = now;
        progress = 0;
    }

    /** Progress in percent, with a heartbeat. */
    public void progress(int percent, OffsetDateTime now) {
        progress = (short) percent;
        heartbeatAt = now;
    }

    public IndexRunView view() {
        return new IndexRunView(getId(), indexId, getStatus(), progress, attempts, maxAttempts, cancelRequested && !getStatus().finished(),
                queuedAt, getStartedAt().orElse(null), getFinishedAt().orElse(null), getErrorCode().orElse(null),
                getErrorMessage().orElse(null));
    }
}
