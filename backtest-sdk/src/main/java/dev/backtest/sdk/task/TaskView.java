package dev.backtest.sdk.task;

import java.time.Instant;
import java.util.UUID;

/**
 * One background task as the task view shows it, whatever its kind: a backtest run, a distributed parameter sweep,
 * a market-data refresh or an import. In JSON (the SDK's {@code BacktestJson}): {@code id}, {@code kind}
 * ({@code run}, {@code sweep}, {@code refresh}, {@code import}, {@code index_run}, {@code walk_forward}, {@code scenario}), {@code status} ({@code queued}, {@code running},
 * {@code completed}, {@code failed}, {@code cancelled}), {@code user_id}, {@code label}, {@code progress},
 * {@code cancel_requested}, {@code error_code}, {@code error_message}, {@code created_at}, {@code started_at},
 * {@code finished_at}, {@code backtest_id}.
 *
 * <pre>{@code
 * TaskView t = client.tasks().get(me, taskId);
 * System.out.println(t.kind().wire() + " " + t.label() + ": " + t.status().wire() + " " + t.progress() + " %");
 * if (t.status() == TaskStatus.FAILED) System.err.println(t.errorCode() + ": " + t.errorMessage());
 * if (t.backtestId() != null) client.runs().get(me, t.backtestId());   // a run's or a sweep's backtest
 * }</pre>
 *
 * @param id              the task's id: the run's, the sweep's or the data task's own id
 * @param kind            what kind of work it is
 * @param status          where it is
 * @param userId          who started it; null for the scheduler (a scheduled refresh)
 * @param label           what it works on, for a list: the backtest's name and symbol ({@code "BTC 2024 (BTC)"}) for runs
 *                        and sweeps, the symbols ({@code "BTC, ETH"}) for refreshes and imports, the index's name for
 *                        index runs
 * @param progress        0 to 100: the run's progress, the sweep's chunks done of its chunks, the data task's symbols done
 * @param cancelRequested whether a cancel was asked for and the task has not stopped yet (a running run or data task
 *                        stops at its next check)
 * @param errorCode       the error code when failed ({@code DATA_FETCH_FAILED}, ...); null otherwise
 * @param errorMessage    what went wrong when failed; null otherwise
 * @param createdAt       when it was queued or started
 * @param startedAt       when work began; null while queued
 * @param finishedAt      when it ended; null until then
 * @param backtestId      the backtest of a run or a sweep, the index of an index run; null for refreshes and imports
 */
public record TaskView(UUID id, TaskKind kind, TaskStatus status, UUID userId, String label, int progress, boolean cancelRequested,
                       String errorCode, String errorMessage, Instant createdAt, Instant startedAt, Instant finishedAt,
                       UUID backtestId) {

    /** Whether the task has ended (completed, failed or cancelled). */
    public boolean finished() {
        return status.finished();
    }
}
