package dev.backtest.sdk.task;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One view of everything that runs in the background: backtest runs ({@code backtest_runs}), distributed parameter
 * sweeps ({@code optimizations}), market-data refreshes and imports ({@code data_tasks}), with status, progress,
 * errors and history. A user sees the runs and sweeps of their live backtests and the refreshes and imports they
 * started; another user's task answers exactly like a missing one ({@link ErrorCode#TASK_NOT_FOUND}). The
 * {@code *Any} methods and {@link #listAll} are for administrators (the caller checks the role) and include the
 * scheduler's refreshes. Finished refreshes and imports are kept {@code TASK_RETENTION_DAYS} (runs and sweeps stay
 * with their backtests). Thread-safe; get it from {@link dev.backtest.sdk.BacktestClient#tasks()}, or from
 * {@code client.as(actor).tasks()} to cancel as an administrator (the cancel is audited with that actor).
 *
 * <p>Lists are newest first ({@code -created_at}, ties by id) across all kinds, paged as one list;
 * {@code created_at} lists oldest first and {@code name} is refused.
 *
 * <pre>{@code
 * Page<TaskView> mine = client.tasks().list(me, TaskFilter.parse("sweep", "running"), PageRequest.first(20));
 * TaskView t = client.tasks().get(me, mine.items().get(0).id());
 * client.tasks().cancel(me, t.id());                                   // the sweep's cancel, audited
 * Page<TaskView> everyone = client.tasks().listAll(TaskFilter.of(TaskKind.REFRESH), PageRequest.first(50));
 * }</pre>
 */
public interface TaskService {

    /**
     * The user's tasks, filtered, one page, newest first: runs and sweeps of their live backtests and the data tasks
     * they started.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code sort}) for the sort {@code name}
     */
    Page<TaskView> list(UUID userId, TaskFilter filter, PageRequest page);

    /**
     * Every task, filtered, one page, newest first, the scheduler's refreshes included: for administrators.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code sort}) as {@link #list}
     */
    Page<TaskView> listAll(TaskFilter filter, PageRequest page);

    /**
     * One of the user's tasks.
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} for a missing task, another user's, the scheduler's,
     *         or a run or sweep of a deleted backtest
     */
    TaskView get(UUID userId, UUID taskId);

    /**
     * Any task, whoever started it: for administrators.
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} for a missing one
     */
    TaskView getAny(UUID taskId);

    /**
     * Cancels one of the user's tasks and returns it as it is afterwards. A run or a sweep is cancelled by its own
     * service ({@code runs().cancel}, {@code optimizations().cancel}: queued work at once, running work at its next
     * check; recorded in the audit trail); a refresh or an import is asked to stop ({@code cancel_requested}) and
     * stops after the symbol it is working on. A finished task is left as it is (cancel is idempotent).
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} as {@link #get}
     */
    TaskView cancel(UUID userId, UUID taskId);

    /**
     * As {@link #cancel}, for any task (an administrator's): runs and sweeps are cancelled for their owner, recorded
     * with this service's actor.
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} for a missing one
     */
    TaskView cancelAny(UUID taskId);

    /**
     * The changes of one of the user's tasks as they happen: the task as it is now, then one event each time its status
     * or progress changes (read every {@code poll}), ending with the event of its final status, or when
     * {@code timeout} has passed. The task is read once before this returns, so a missing one fails here; the
     * stream then polls the database on the consuming thread (any instance's tasks work). Close it, or stop
     * consuming, to end early.
     *
     * <pre>{@code
     * try (Stream<TaskEvent> events = client.tasks().events(me, taskId, Duration.ofMillis(250), Duration.ofMinutes(10))) {
     *     TaskEvent last = events.reduce((a, b) -> b).orElseThrow();   // completed, failed or cancelled (or the timeout)
     * }
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} as {@link #get}; {@link ErrorCode#VALIDATION_FAILED}
     *         for a poll under 10 ms or a negative timeout
     */
    Stream<TaskEvent> events(UUID userId, UUID taskId, Duration poll, Duration timeout);

    /**
     * As {@link #events}, for any task: for administrators.
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} for a missing one
     */
    Stream<TaskEvent> eventsAny(UUID taskId, Duration poll, Duration timeout);

    /** The error for a task id that is missing or not the caller's (also for a malformed id). */
    static BacktestException notFound(Object taskId) {
        return BacktestException.of(ErrorCode.TASK_NOT_FOUND, "no task " + taskId + "; list yours with GET /api/v1/tasks")
                .with("task_id", String.valueOf(taskId));
    }
}
