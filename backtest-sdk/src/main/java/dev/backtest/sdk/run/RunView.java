package dev.backtest.sdk.run;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a user sees of one run of a backtest: status ({@code queued, running, completed, failed,
 * cancelled}), progress 0–100, timings, attempts, the instance that ran it and, when failed, the error code and message.
 *
 * <pre>{@code
 * RunView run = client.runs().get(me, backtestId);
 * if (run.status().equals("failed")) System.out.println(run.errorCode() + ": " + run.errorMessage());
 * }</pre>
 */
public record RunView(UUID id, UUID backtestId, String status, int progress, int attempts, int maxAttempts, boolean cancelRequested,
                      OffsetDateTime queuedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, OffsetDateTime heartbeatAt,
                      String workerId, String errorCode, String errorMessage) {

    /** Whether the run has reached {@code completed}, {@code failed} or {@code cancelled}. */
    public boolean finished() {
        return RunStatus.fromWire(status).finished();
    }
}
