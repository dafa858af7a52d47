package dev.backtest.sdk.optimization;

import dev.backtest.sdk.run.RunStatus;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a user sees of a distributed parameter sweep: status ({@code queued, running, completed, failed,
 * cancelled}), progress as chunks done of chunks (and 0–100), the combinations evaluated so far, timings, the
 * error when failed and, once completed, the best parameter sets exactly as the synchronous
 * {@link OptimizationService#optimize} ranks them.
 *
 * <pre>{@code
 * OptimizationView o = client.optimizations().get(me, backtestId, optimizationId);
 * System.out.println(o.chunksDone() + "/" + o.chunks() + " chunks, " + o.evaluated() + " evaluated");
 * if (o.status().equals("completed")) System.out.println(o.result().results().get(0).parameters());
 * }</pre>
 *
 * @param gridSize     combinations of the grid before the constraint
 * @param combinations combinations that pass the constraint and the strategy's rules: what the sweep runs
 * @param result       null until completed
 */
public record OptimizationView(UUID id, UUID backtestId, String status, String strategy, String metric, int top, long gridSize,
                               int combinations, int chunks, int chunksDone, int progress, int evaluated, OffsetDateTime queuedAt,
                               OffsetDateTime startedAt, OffsetDateTime finishedAt, String errorCode, String errorMessage,
                               OptimizeResult result) {

    /** Whether the sweep has reached {@code completed}, {@code failed} or {@code cancelled}. */
    public boolean finished() {
        return RunStatus.fromWire(status).finished();
    }
}
