package dev.backtest.sdk.backtest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

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
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public int getMaxAttempts() { return maxAttempts; }
    public Optional<String> getWorkerId() { return Optional.ofNullable(workerId); }
    public void setWorkerId(String workerId) { this.workerId = workerId; }
    public int getEvaluated() { return evaluated; }
    public void setEvaluated(int evaluated) { this.evaluated = evaluated; }
    public Optional<String> getResultJson() { return Optional.ofNullable(resultJson); }
    public void setResultJson(String resultJson) { this.resultJson = resultJson; }
}
