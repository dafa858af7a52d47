package dev.backtest.sdk.backtest;

import dev.backtest.sdk.persistence.AuditedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What the three tables of queued work ({@code backtest_runs}, {@code optimizations},
 * {@code optimization_chunks}) share: a status that starts {@code queued}, the error of a failure, and when the
 * work started and finished.
 *
 * <p>Public for JPA: the mapped superclass of {@link BacktestRun}, {@link Optimization} and
 * {@link OptimizationChunk}; not part of the API users call.
 *
 * <pre>{@code
 * BacktestRun run = client.database().inTransaction(em -> em.find(BacktestRun.class, runId));
 * if (run.getStatus() == RunStatus.FAILED) {
 *     System.out.println(run.getErrorCode().orElse("?") + ": " + run.getErrorMessage().orElse(""));
 * }
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
    public void setStatus(RunStatus status) { this.status = status.wire(); }
    public Optional<String> getErrorCode() { return Optional.ofNullable(errorCode); }
    public Optional<String> getErrorMessage() { return Optional.ofNullable(errorMessage); }
    public void setError(String code, String message) { this.errorCode = code; this.errorMessage = message; }
    public Optional<OffsetDateTime> getStartedAt() { return Optional.ofNullable(startedAt); }
    public void setStartedAt(OffsetDateTime startedAt) { this.startedAt = startedAt; }
    public Optional<OffsetDateTime> getFinishedAt() { return Optional.ofNullable(finishedAt); }
    public void setFinishedAt(OffsetDateTime finishedAt) { this.finishedAt = finishedAt; }
}
