package dev.backtest.sdk.run.internal;

import dev.backtest.sdk.persistence.internal.AuditedEntity;
import dev.backtest.sdk.run.RunStatus;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What the tables of queued work ({@code backtest_runs}, {@code optimizations}, {@code optimization_chunks},
 * {@code walk_forwards}, {@code index_runs}) share: a status that starts {@code queued}, the error of a failure, and when the
 * work started and finished.
 *
 * The status moves only through {@link #claim}, {@link #requeue} and {@link #finish}: {@code queued → running → completed |
 * failed | cancelled}, back to {@code queued} for an attempt that will be retried, and never out of a finished state.
 *
 * <pre>{@code
 * BacktestRun run = em.find(BacktestRun.class, runId);
 * run.claim(now);                                        // queued (or running, taken over) -> running
 * run.finish(RunStatus.FAILED, "INTERNAL", "boom", now); // IllegalStateException once finished
 * }</pre>
 */
@MappedSuperclass
public abstract class QueuedWork extends AuditedEntity {

    @Column(name = "status", nullable = false, length = 16)
    private String status = RunStatus.QUEUED.wire();

    @Column(name = "error_code", length = 64)
    private String errorCode;

    @Column(name = "error_message", length = 4000)
    private String errorMessage;

    @Column(name = "started_at")
    private OffsetDateTime startedAt;

    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;

    protected QueuedWork() {
        // for JPA and the subclasses' constructors
    }

    public RunStatus getStatus() { return RunStatus.fromWire(status); }
    public Optional<String> getErrorCode() { return Optional.ofNullable(errorCode); }
    public Optional<String> getErrorMessage() { return Optional.ofNullable(errorMessage); }
    public Optional<OffsetDateTime> getStartedAt() { return Optional.ofNullable(startedAt); }
    public Optional<OffsetDateTime> getFinishedAt() { return Optional.ofNullable(finishedAt); }

    /** A worker takes the work: running from {@code now} (queued, or running when a dead worker's work is taken over). */
    public void claim(OffsetDateTime now) {
        requireUnfinished("claim");
        status = RunStatus.RUNNING.wire();
        startedAt = now;
    }

    /** A failed attempt will be tried again: queued, with the attempt's error kept. */
    public void requeue(String code, String message) {
        requireUnfinished("requeue");
        status = RunStatus.QUEUED.wire();
        errorCode = code;
        errorMessage = truncate(message);
    }

    /** The final status, with the error of a failure; {@code now} no earlier than the start. */
    public void finish(RunStatus outcome, String code, String message, OffsetDateTime now) {
        if (!outcome.finished()) {
            throw new IllegalArgumentException(outcome.wire() + " is not a final status");
        }
        requireUnfinished("finish");
        status = outcome.wire();
        finishedAt = startedAt != null && now.isBefore(startedAt) ? startedAt : now;
        errorCode = code;
        errorMessage = truncate(message);
    }

    private void requireUnfinished(String action) {
        if (getStatus().finished()) {
            throw new IllegalStateException("cannot " + action + " " + getClass().getSimpleName() + " " + getId() + ": it is " + status);
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
