package dev.backtest.sdk.backtest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A distributed parameter sweep of a backtest, as stored in the {@code optimizations} table: the request,
 * the snapshot its chunks run (strategy, merged parameters, candles, engine options), progress over its
 * {@link OptimizationChunk}s and, once completed, the merged top-N as JSON.
 *
 * <p>Public for JPA (a managed class of {@link dev.backtest.sdk.persistence.Entities#ALL}); not part of
 * the API users call: they see an {@link OptimizationView} from {@code client.runs()}.
 *
 * <pre>{@code
 * OptimizationView started = client.runs().startOptimization(me, backtestId, request);
 * Optimization row = client.database().inTransaction(em -> em.find(Optimization.class, started.id()));
 * int done = row.getChunksDone();   // of row.getChunkCount()
 * }</pre>
 */
@Entity
@Table(name = "optimizations")
public class Optimization extends QueuedWork {

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "backtest_id", nullable = false, updatable = false)
    private UUID backtestId;

    @Column(name = "request", nullable = false, updatable = false)
    private String requestJson;

    @Column(name = "strategy", nullable = false, updatable = false, length = 64)
    private String strategy;

    @Column(name = "parameters", nullable = false, updatable = false)
    private String parametersJson;

    @Column(name = "symbol", nullable = false, updatable = false, length = 20)
    private String symbol;

    @Column(name = "timeframe", nullable = false, updatable = false, length = 3)
    private String timeframe;

    @Column(name = "start_date", nullable = false, updatable = false)
    private LocalDate startDate;

    @Column(name = "end_date", nullable = false, updatable = false)
    private LocalDate endDate;

    @Column(name = "engine_options", nullable = false, updatable = false)
    private String engineOptionsJson;

    @Column(name = "metric", nullable = false, updatable = false, length = 64)
    private String metric;

    @Column(name = "top_n", nullable = false, updatable = false)
    private int top;

    @Column(name = "grid_size", nullable = false, updatable = false)
    private long gridSize;

    @Column(name = "combinations", nullable = false, updatable = false)
    private int combinations;

    @Column(name = "chunk_count", nullable = false, updatable = false)
    private int chunkCount;

    @Column(name = "chunks_done", nullable = false)
    private int chunksDone;

    @Column(name = "evaluated", nullable = false)
    private int evaluated;

    @Column(name = "result")
    private String resultJson;

    @Column(name = "queued_at", nullable = false, updatable = false)
    private OffsetDateTime queuedAt;

    protected Optimization() {
        // for JPA
    }

    /** What a sweep runs on: set once when it is queued. */
    public record Snapshot(String strategy, String parametersJson, String symbol, String timeframe, LocalDate startDate,
                           LocalDate endDate, String engineOptionsJson) {
    }

    public Optimization(UUID userId, UUID backtestId, String requestJson, Snapshot snapshot, String metric, int top, long gridSize,
                        int combinations, int chunkCount, OffsetDateTime queuedAt) {
        this.userId = userId;
        this.backtestId = backtestId;
        this.requestJson = requestJson;
        this.strategy = snapshot.strategy();
        this.parametersJson = snapshot.parametersJson();
        this.symbol = snapshot.symbol();
        this.timeframe = snapshot.timeframe();
        this.startDate = snapshot.startDate();
        this.endDate = snapshot.endDate();
        this.engineOptionsJson = snapshot.engineOptionsJson();
        this.metric = metric;
        this.top = top;
        this.gridSize = gridSize;
        this.combinations = combinations;
        this.chunkCount = chunkCount;
        this.queuedAt = queuedAt;
    }

    public UUID getUserId() { return userId; }
    public UUID getBacktestId() { return backtestId; }
    public String getRequestJson() { return requestJson; }
    public Snapshot getSnapshot() {
        return new Snapshot(strategy, parametersJson, symbol, timeframe, startDate, endDate, engineOptionsJson);
    }
    public String getMetric() { return metric; }
    public int getTop() { return top; }
    public long getGridSize() { return gridSize; }
    public int getCombinations() { return combinations; }
    public int getChunkCount() { return chunkCount; }
    public int getChunksDone() { return chunksDone; }
    public void setChunksDone(int chunksDone) { this.chunksDone = chunksDone; }
    public int getEvaluated() { return evaluated; }
    public void setEvaluated(int evaluated) { this.evaluated = evaluated; }
    public Optional<String> getResultJson() { return Optional.ofNullable(resultJson); }
    public void setResultJson(String resultJson) { this.resultJson = resultJson; }
    public OffsetDateTime getQueuedAt() { return queuedAt; }
}
