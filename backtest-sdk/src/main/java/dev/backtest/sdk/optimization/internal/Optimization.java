package dev.backtest.sdk.optimization.internal;

import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.optimization.OptimizationView;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.internal.BacktestWork;
import dev.backtest.sdk.run.internal.RunSnapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A distributed parameter sweep of a backtest, as stored in {@code optimizations}: the request, the snapshot it runs
 * on (in columns of their own), how many chunks are done, and the merged result once completed.
 *
 * <pre>{@code
 * Optimization o = new Optimization(me, backtestId, requestJson, snapshot, "sharpe_ratio", 5, 100, 80, 16, now);
 * OptimizationView view = o.view();
 * }</pre>
 */
@Entity
@Table(name = "optimizations")
public class Optimization extends BacktestWork {

    @Column(name = "parameters", nullable = false, updatable = false)
    private String parametersJson;

    @Column(name = "timeframe", nullable = false, updatable = false, length = 3)
    private String timeframe;

    @Column(name = "start_date", nullable = false, updatable = false)
    private LocalDate startDate;

    @Column(name = "end_date", nullable = false, updatable = false)
    private LocalDate endDate;

    @Column(name = "engine_options", nullable = false, updatable = false)
    private String engineOptionsJson;

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

    protected Optimization() {
        // for JPA
    }

    public Optimization(UUID userId, UUID backtestId, String requestJson, RunSnapshot snapshot, String metric, int top, long gridSize,
                        int combinations, int chunkCount, OffsetDateTime queuedAt) {
        super(userId, backtestId, requestJson, snapshot, metric, queuedAt);
        this.parametersJson = StoredJson.writeParameters(snapshot.parameters());
        this.timeframe = snapshot.timeframe().code();
        this.startDate = snapshot.startDate();
        this.endDate = snapshot.endDate();
        this.engineOptionsJson = StoredJson.write(snapshot.engine());
        this.top = top;
        this.gridSize = gridSize;
        this.combinations = combinations;
        this.chunkCount = chunkCount;
    }

    /** What the sweep runs on; {@link dev.backtest.error.ErrorCode#DATA_CORRUPT} when the stored text cannot be read. */
    public RunSnapshot snapshot() {
        return new RunSnapshot(getSymbol(), Timeframe.parse(timeframe), startDate, endDate, getStrategy(), StoredJson.parameters(parametersJson),
                StoredJson.read(engineOptionsJson, RunOptions.class));
    }

    public int getTop() { return top; }
    public long getGridSize() { return gridSize; }
    public int getCombinations() { return combinations; }
    public int getChunkCount() { return chunkCount; }
    public int getChunksDone() { return chunksDone; }
    public int getEvaluated() { return evaluated; }

    /** A chunk of {@code evaluated} combinations is done. */
    public void chunkDone(int evaluatedInChunk) {
        chunksDone++;
        evaluated += evaluatedInChunk;
    }

    /** What its owner sees. */
    public OptimizationView view() {
        return new OptimizationView(getId(), getBacktestId(), getStatus().wire(), getStrategy(), getMetric(), top, gridSize, combinations, chunkCount,
                chunksDone, chunksDone * 100 / chunkCount, evaluated, getQueuedAt(), getStartedAt().orElse(null), getFinishedAt().orElse(null),
                getErrorCode().orElse(null), getErrorMessage().orElse(null), getResultJson().map(ParameterSweep::readResult).orElse(null));
    }
}
