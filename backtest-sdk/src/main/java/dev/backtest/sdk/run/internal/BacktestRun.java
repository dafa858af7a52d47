package dev.backtest.sdk.run.internal;

import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.RunView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
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
public class BacktestRun extends ClaimedRun {

    @Column(name = "backtest_id", nullable = false, updatable = false)
    private UUID backtestId;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "kind", nullable = false, length = 16)
    private String kind;

    @Column(name = "options", nullable = false)
    private String optionsJson;

    protected BacktestRun() {
        // for JPA
    }

    public BacktestRun(UUID backtestId, UUID userId, RunSnapshot snapshot, int maxAttempts, OffsetDateTime queuedAt) {
        super(maxAttempts, queuedAt);
        this.backtestId = backtestId;
        this.userId = userId;
        this.kind = "backtest";
        this.optionsJson = StoredJson.write(snapshot);
    }

    public UUID getBacktestId() { return backtestId; }
    public UUID getUserId() { return userId; }
    public String getKind() { return kind; }
    /** What the run executes; {@link dev.backtest.error.ErrorCode#DATA_CORRUPT} when the stored text cannot be read. */
    public RunSnapshot snapshot() { return StoredJson.read(optionsJson, RunSnapshot.class); }

    /** What its owner sees. */
    public RunView view() {
        return new RunView(getId(), backtestId, getStatus().wire(), getProgress(), getAttempts(), getMaxAttempts(), isCancelRequested(),
                getQueuedAt(), getStartedAt().orElse(null), getFinishedAt().orElse(null), getHeartbeatAt().orElse(null),
                getWorkerId().orElse(null), getErrorCode().orElse(null),
                getErrorMessage().orElse(null));
    }
}
