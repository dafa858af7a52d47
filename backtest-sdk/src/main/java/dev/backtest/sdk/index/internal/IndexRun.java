package dev.backtest.sdk.index.internal;

import dev.backtest.sdk.index.IndexRunView;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.internal.ClaimedRun;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One run of an index, as stored in {@code index_runs}: the definition it executes, plus what every run claimed from
 * the queue keeps ({@link ClaimedRun}: attempts, worker, heartbeat, progress, cancel request, status).
 *
 * <pre>{@code
 * IndexRun r = new IndexRun(index.getId(), me, index.snapshot(), 3, now);
 * em.persist(r);
 * }</pre>
 */
@Entity
@Table(name = "index_runs")
public class IndexRun extends ClaimedRun {

    @Column(name = "index_id", nullable = false, updatable = false)
    private UUID indexId;
    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;
    @Column(name = "snapshot", nullable = false)
    private String snapshotJson;

    protected IndexRun() {
        // for JPA
    }

    public IndexRun(UUID indexId, UUID userId, IndexSnapshot snapshot, int maxAttempts, OffsetDateTime queuedAt) {
        super(maxAttempts, queuedAt);
        this.indexId = indexId;
        this.userId = userId;
        this.snapshotJson = StoredJson.write(snapshot);
    }

    public UUID getIndexId() { return indexId; }
    public UUID getUserId() { return userId; }

    /** What the run executes; {@code DATA_CORRUPT} when the stored text cannot be read. */
    public IndexSnapshot snapshot() {
        return StoredJson.read(snapshotJson, IndexSnapshot.class);
    }

    public IndexRunView view() {
        return new IndexRunView(getId(), indexId, getStatus(), getProgress(), getAttempts(), getMaxAttempts(),
                isCancelRequested() && !getStatus().finished(), getQueuedAt(), getStartedAt().orElse(null), getFinishedAt().orElse(null),
                getErrorCode().orElse(null), getErrorMessage().orElse(null));
    }
}
