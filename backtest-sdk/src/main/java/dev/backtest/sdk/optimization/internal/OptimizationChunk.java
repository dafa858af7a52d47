package dev.backtest.sdk.optimization.internal;

import dev.backtest.sdk.run.internal.QueuedWork;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One chunk of a distributed sweep, as stored in {@code optimization_chunks}: its combinations, its attempts, the
 * worker that holds it, and its own best results once done.
 *
 * <pre>{@code
 * OptimizationChunk c = new OptimizationChunk(o.getId(), 0, 0, slice.size(), ParameterSweep.combinationsJson(slice), 3);
 * c.claim("worker-1", now);
 * }</pre>
 */
@Entity
@Table(name = "optimization_chunks")
public class OptimizationChunk extends QueuedWork {

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
    }

    public UUID getOptimizationId() { return optimizationId; }
    public int getSeq() { return seq; }
    public int getFirstCombination() { return firstCombination; }
    public int getCombinationCount() { return combinationCount; }
    public String getCombinationsJson() { return combinationsJson; }
    public int getAttempts() { return attempts; }
    public int getMaxAttempts() { return maxAttempts; }
    public Optional<String> getWorkerId() { return Optional.ofNullable(workerId); }
    public int getEvaluated() { return evaluated; }
    public Optional<String> getResultJson() { return Optional.ofNullable(resultJson); }

    /** Claimed by {@code worker} for its next attempt. */
    public void claim(String worker, OffsetDateTime now) {
        claim(now);
        attempts++;
        workerId = worker;
    }

    /** Done: {@code evaluated} combinations ran, {@code result} holds their best. */
    public void complete(int evaluatedHere, String result, OffsetDateTime now) {
        this.evaluated = evaluatedHere;
        this.resultJson = result;
        finish(dev.backtest.sdk.run.RunStatus.COMPLETED, null, null, now);
    }
}
