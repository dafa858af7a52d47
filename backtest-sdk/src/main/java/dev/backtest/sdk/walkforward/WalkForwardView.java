package dev.backtest.sdk.walkforward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.run.RunStatus;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a user sees of a walk-forward optimisation: status ({@code queued, running, completed, failed, cancelled}),
 * the windows done of the windows (0 until it starts: they depend on the candles) and 0–100, timings, the error when
 * failed and, once completed, the result document ({@link WalkForwardDocument}).
 *
 * <pre>{@code
 * WalkForwardView w = client.walkForwards().get(me, backtestId, walkForwardId);
 * if (w.status().equals("completed")) System.out.println(w.result().get("efficiency"));
 * }</pre>
 *
 * @param result null until completed
 */
public record WalkForwardView(UUID id, UUID backtestId, String status, String strategy, String metric, String mode,
                              int trainBars, int testBars, int step, int windows, int windowsDone, int progress,
                              OffsetDateTime queuedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, String errorCode,
                              String errorMessage, JsonNode result) {

    /** Whether it has reached {@code completed}, {@code failed} or {@code cancelled}. */
    public boolean finished() {
        return RunStatus.fromWire(status).finished();
    }
}
