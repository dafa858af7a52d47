package dev.backtest.sdk.task.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Records refreshes and imports in {@code data_tasks}, each call its own short transaction, so the task view shows a
 * task's progress while it works. Thread-safe.
 *
 * <pre>{@code
 * DataTaskLog log = new DataTaskLog(database, Clock.systemUTC());
 * UUID task = log.start(TaskKind.REFRESH, null, List.of("BTC", "SPY"));      // running
 * log.progress(task, 50, 1_440, 1);
 * if (log.cancelRequested(task)) {
 *     log.finish(task, TaskStatus.CANCELLED, null, null);
 * } else {
 *     log.finish(task, TaskStatus.COMPLETED, null, null);
 * }
 * log.purgeFinishedBefore(Instant.now().minus(Duration.ofDays(30)));
 * }</pre>
 */
public final class DataTaskLog {

    private final Database db;
    private final Clock clock;

    public DataTaskLog(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records a new task, running from now, and returns its id.
     *
     * @param userId who asked; null for the scheduler
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when the database cannot be reached
     */
    public UUID start(TaskKind kind, UUID userId, List<String> symbols) {
        DataTask task = DataTask.start(kind, userId, List.copyOf(symbols), now());
        db.inTransaction(em -> {
            em.persist(task);
            return null;
        });
        return task.getId();
    }

    /** The work done so far: percent (0 to 100) and running totals. Ignored once the task finished. */
    public void progress(UUID id, int percent, long barsWritten, int objectsWritten) {
        db.inTransactionRetryingRaces(em -> {
            DataTask task = find(em, id);
            if (!task.getStatus().finished()) {
                task.progress(percent, barsWritten, objectsWritten);
            }
            return null;
        });
    }

    /** Whether someone asked the task to stop (through the task view's cancel). */
    public boolean cancelRequested(UUID id) {
        return db.inTransaction(em -> find(em, id).isCancelRequested());
    }

    /**
     * The task's end: completed, failed or cancelled, with the error of a failure (code and message may be null).
     *
     * @throws IllegalStateException when the task has finished already
     */
    public void finish(UUID id, TaskStatus status, String errorCode, String errorMessage) {
        OffsetDateTime now = now();
        db.inTransactionRetryingRaces(em -> {
            find(em, id).finish(status, errorCode, errorMessage, now);
            return null;
        });
    }

    /** Deletes the tasks that finished before {@code cutoff} (the retention, {@code TASK_RETENTION_DAYS}); returns how many. */
    public int purgeFinishedBefore(Instant cutoff) {
        OffsetDateTime at = cutoff.atOffset(ZoneOffset.UTC);
        return db.inTransaction(em -> em.createQuery("delete from DataTask t where t.finishedAt is not null and t.finishedAt < :cutoff")
                .setParameter("cutoff", at).executeUpdate());
    }

    private static DataTask find(jakarta.persistence.EntityManager em, UUID id) {
        DataTask task = em.find(DataTask.class, Objects.requireNonNull(id, "id"));
        if (task == null) {
            throw BacktestException.of(ErrorCode.INTERNAL, "no data task " + id).with("task_id", id.toString());
        }
        return task;
    }

    /** Microseconds: what both databases keep, so a re-read time equals the written one. */
    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
