package dev.backtest.sdk.backtest;

import dev.backtest.sdk.persistence.AuditedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One slice of a distributed sweep's combinations, as stored in the {@code optimization_chunks} table: the
 * combinations (JSON list of parameter maps) starting at {@link #getFirstCombination()} in the sweep's order,
 * its status and attempts, the instance that ran it, how many combinations it evaluated and its own top-N.
 * Each chunk is one item of the cluster-wide {@link RunQueue}.
 *
 * <p>Public for JPA (a managed class of {@link dev.backtest.sdk.persistence.Entities#ALL}); not part of
 * the API users call: they see the sweep's progress in an {@link OptimizationView}.
 *
 * <pre>{@code
 * List<String> workers = client.database().inTransaction(em -> em.createQuery(
 *         "select c.workerId from OptimizationChunk c where c.optimizationId = :o", String.class)
 *         .setParameter("o", optimizationId).getResultList());
 * }</pre>
 */
@Entity
@Table(name = "optimization_chunks")
public class OptimizationChunk extends AuditedEntity {

    @Column(name = "optimization_id", nullable = false, updatable = false)
    private UUID optimizationId;

    @Column(name = "seq", nullable = false, updatable = false)
    private int seq;

    @Column(name = "first_combination", nullable = false, updatable = false)
    private int firstCombination;

    @Column(name = "combination_count", nullable = false, updatable = false)
    private int combinationCount;

    @Column(name = "combinations", nullable = false, updatable = false)
    private String combinationsJson;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;

    @Column(name = "worker_id", length = 200)
    private String workerId;

    @Column(name = "evaluated", nullable = false)
    private int evaluated;

    @Column(name = "result")
    private String resultJson;

    @Column(name = "error_code", length = 64)
    private String errorCode;

    @Column(name = "error_message", length = 4000)
    private String errorMessage;

    @Column(name = "started_at")
    private OffsetDateTime startedAt;

    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;

    protected OptimizationChunk() {
        // for JPA
    }

    public OptimizationChunk(UUID optimizationId, int seq, int firstCombination, int combinationCount, String combinationsJson,
                             int maxAttempts) {
        this.optimizationId = optimizationId;
        this.seq = seq;
        this.firstCombination = firstCombination;
        this.combinationCount = combinationCount;
        this.combinationsJson = combinationsJson;
        this.maxAttempts = maxAttempts;
        this.status = RunStatus.QUEUED.wire();
    }

    public UUID getOptimizationId() { return optimizationId; }
    public int getSeq() { return seq; }
    public int getFirstCombination() { return firstCombination; }
    public int getCombinationCount() { return combinationCount; }
    public String getCombinationsJson() { return combinationsJson; }
    public RunStatus getStatus() { return RunStatus.fromWire(status); }
    public void setStatus(RunStatus status) { this.status = status.wire(); }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public int getMaxAttempts() { return maxAttempts; }
    public Optional<String> getWorkerId() { return Optional.ofNullable(workerId); }
    public void setWorkerId(String workerId) { this.workerId = workerId; }
    public int getEvaluated() { return evaluated; }
    public void setEvaluated(int evaluated) { this.evaluated = evaluated; }
    public Optional<String> getResultJson() { return Optional.ofNullable(resultJson); }
    public void setResultJson(String resultJson) { this.resultJson = resultJson; }
    public Optional<String> getErrorCode() { return Optional.ofNullable(errorCode); }
    public Optional<String> getErrorMessage() { return Optional.ofNullable(errorMessage); }
    public void setError(String code, String message) { this.errorCode = code; this.errorMessage = message; }
    public Optional<OffsetDateTime> getStartedAt() { return Optional.ofNullable(startedAt); }
    public void setStartedAt(OffsetDateTime startedAt) { this.startedAt = startedAt; }
    public Optional<OffsetDateTime> getFinishedAt() { return Optional.ofNullable(finishedAt); }
    public void setFinishedAt(OffsetDateTime finishedAt) { this.finishedAt = finishedAt; }
}
