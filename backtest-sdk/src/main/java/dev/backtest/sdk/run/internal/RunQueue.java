package dev.backtest.sdk.run.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.run.QueueDepth;
import dev.backtest.sdk.run.RunTiming;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The cluster-wide queue of backtest runs and of the chunks of distributed parameter sweeps, on
 * db-scheduler's {@code scheduled_tasks} table in the same database: any number of instances (SDK
 * clients or servers) share it. Runs ({@code backtest-run}) and sweep chunks ({@code optimize-chunk})
 * are two tasks of one scheduler, so one set of worker threads per instance serves both. A worker
 * claims an item with a lock in the database, heartbeats while it runs, and an item whose worker died
 * (no heartbeat for {@code heartbeat × missedHeartbeats}) is revived and claimed by another worker. A
 * failed attempt is retried later; the handler decides when attempts are exhausted.
 *
 * <p>The same scheduler can run one {@link Recurring} piece of work (the scheduled market-data refresh): a
 * db-scheduler recurring task, one row in {@code scheduled_tasks} that exactly one instance at a time claims, executes
 * and reschedules {@link Recurring#interval()} after it ended. An instance with no workers does not run it.
 *
 * <pre>{@code
 * try (RunQueue queue = RunQueue.start(dataSource, 2, "instance-a", runId -> runner.execute(runId),
 *         chunkId -> chunks.execute(chunkId), RunTiming.DEFAULT)) {
 *     database.inTransaction(em -> {      // with the rows they execute: committed together or not at all
 *         RunQueue.enqueue(em, runId);
 *         RunQueue.enqueueChunk(em, chunkId);
 *         return null;
 *     });
 *     queue.wake();
 * }
 * }</pre>
 */
public final class RunQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);
    public static final String TASK_NAME = "backtest-run";
    static final String CHUNK_TASK_NAME = "optimize-chunk";
    /** The task of index runs ({@code index_runs}). */
    public static final String INDEX_TASK_NAME = "index-run";

    /**
     * Work repeated on a fixed delay by one instance of the cluster at a time: {@code interval} after the previous
     * execution ended (on whichever instance), and at once when this instance starts if {@code runOnStart} (else an
     * interval after the first start that created it). Every instance configured with it must give the same name.
     *
     * @param name the task's name in {@code scheduled_tasks}
     */
    public record Recurring(String name, java.time.Duration interval, boolean runOnStart, Runnable work) {

        public Recurring {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(work, "work");
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval " + interval + " is not positive");
            }
        }
    }

    /** Executes one item (a run or a sweep chunk); throwing marks the attempt failed (it is retried after {@link RunTiming#retryDelay}). */
    @FunctionalInterface
    public interface Handler {
        void execute(UUID id);
    }

    private final SchedulerClient client;
    /** Builds this instance's scheduler; null when it executes nothing ({@code workers == 0}). */
    private final java.util.function.Supplier<Scheduler> schedulers;
    private final OneTimeTask<String> runTask;
    /** The recurring task this instance runs, or null. */
    private final RecurringTask<Void> recurringTask;
    private final boolean runRecurringOnStart;
    private Scheduler scheduler;
    private java.util.concurrent.ScheduledExecutorService watch;
    private boolean closed;

    private RunQueue(SchedulerClient client, java.util.function.Supplier<Scheduler> schedulers, OneTimeTask<String> runTask,
                     RecurringTask<Void> recurringTask, boolean runRecurringOnStart) {
        this.client = client;
        this.schedulers = schedulers;
        this.runTask = runTask;
        this.recurringTask = recurringTask;
        this.runRecurringOnStart = runRecurringOnStart;
    }

    /**
     * Opens a queue of runs only: sweep chunks queued by other instances are left to them.
     *
     * @param instanceName shown in {@code scheduled_tasks.picked_by}; unique per instance
     */
    public static RunQueue start(DataSource dataSource, int workers, String instanceName, Handler runs, RunTiming timing) {
        return start(dataSource, workers, instanceName, runs, null, timing);
    }

    /**
     * Opens the queue; with {@code workers > 0} this instance also claims and executes runs and sweep
     * chunks, on the same {@code workers} threads.
     *
     * @param instanceName shown in {@code scheduled_tasks.picked_by}; unique per instance
     * @param chunks       executes one sweep chunk; null: this instance leaves chunks to others
     */
    public static RunQueue start(DataSource dataSource, int workers, String instanceName, Handler runs, Handler chunks,
                                 RunTiming timing) {
        return start(dataSource, workers, instanceName, runs, chunks, timing, null);
    }

    /**
     * As {@link #start(DataSource, int, String, Handler, Handler, RunTiming)}, running {@code recurring} too (null:
     * none) when this instance has workers.
     */
    public static RunQueue start(DataSource dataSource, int workers, String instanceName, Handler runs, Handler chunks,
                                 RunTiming timing, Recurring recurring) {
        return start(dataSource, workers, instanceName, new Handlers(runs, chunks, null), timing, recurring);
    }

    /**
     * The handlers of the queue's one-time tasks: backtest runs (required), sweep chunks and index runs (null: this
     * instance leaves them to others).
     */
    public record Handlers(Handler runs, Handler chunks, Handler indexRuns) {
        public Handlers {
            java.util.Objects.requireNonNull(runs, "runs");
        }
    }

    /** As {@link #start(DataSource, int, String, Handler, Handler, RunTiming, Recurring)} with every handler. */
    public static RunQueue start(DataSource dataSource, int workers, String instanceName, Handlers handlers, RunTiming timing,
                                 Recurring recurring) {
        RunQueue queue = open(dataSource, workers, instanceName, handlers, timing, recurring);
        queue.started();
        return queue;
    }

    /**
     * Like {@link #start(DataSource, int, String, Handler, Handler, Timing)}, but the workers start only once there is
     * work: now when items are already waiting, else with the first item this instance queues, or when a light watch
     * (one query every few polling intervals, on one daemon thread) sees one queued by another client of the same
     * database. For an embedded database, where a client that never queues a run should start no workers and log
     * nothing.
     */
    public static RunQueue startOnDemand(DataSource dataSource, int workers, String instanceName, Handler runs, Handler chunks,
                                         RunTiming timing) {
        return startOnDemand(dataSource, workers, instanceName, runs, chunks, timing, null);
    }

    /**
     * As {@link #startOnDemand(DataSource, int, String, Handler, Handler, RunTiming)} with {@code recurring} work (null:
     * none): recurring work is work from the start, so with it (and workers) the scheduler starts at once, as
     * {@link #start} would.
     */
    public static RunQueue startOnDemand(DataSource dataSource, int workers, String instanceName, Handler runs, Handler chunks,
                                         RunTiming timing, Recurring recurring) {
        return startOnDemand(dataSource, workers, instanceName, new Handlers(runs, chunks, null), timing, recurring);
    }

    /** As {@link #startOnDemand(DataSource, int, String, Handler, Handler, RunTiming, Recurring)} with every handler. */
    public static RunQueue startOnDemand(DataSource dataSource, int workers, String instanceName, Handlers handlers, RunTiming timing,
                                         Recurring recurring) {
        RunQueue queue = open(dataSource, workers, instanceName, handlers, timing, recurring);
        if (queue.schedulers != null) {
            if (queue.recurringTask != null || waiting(dataSource) > 0) {
                queue.started();
            } else {
                queue.watch(dataSource, timing.pollingInterval().multipliedBy(4));
            }
        }
        return queue;
    }

    private static RunQueue open(DataSource dataSource, int workers, String instanceName, Handlers handlers, RunTiming timing,
                                 Recurring recurring) {
        OneTimeTask<String> runTask = task(TASK_NAME, handlers.runs(), timing);
        OneTimeTask<String> chunkTask = handlers.chunks() == null ? null : task(CHUNK_TASK_NAME, handlers.chunks(), timing);
        OneTimeTask<String> indexTask = handlers.indexRuns() == null ? null : task(INDEX_TASK_NAME, handlers.indexRuns(), timing);
        RecurringTask<Void> recurringTask = recurring == null || workers <= 0 ? null : recurringTask(recurring);
        List<Task<?>> tasks = new java.util.ArrayList<>(List.of(runTask));
        if (chunkTask != null) {
            tasks.add(chunkTask);
        }
        if (indexTask != null) {
            tasks.add(indexTask);
        }
        if (recurringTask != null) {
            tasks.add(recurringTask);
        }
        boolean postgres = isPostgres(dataSource);
        // PostgreSQL gets db-scheduler's own customization; H2 the default one that autodetection falls back to
        // anyway, named here so it does not warn on every start (our columns are TIMESTAMP WITH TIME ZONE)
        JdbcCustomization jdbc = postgres ? new AutodetectJdbcCustomization(dataSource) : new DefaultJdbcCustomization(false);
        SchedulerClient client = SchedulerClient.Builder.create(dataSource, tasks).jdbcCustomization(jdbc).build();
        if (workers <= 0) {
            return new RunQueue(client, null, runTask, null, false);
        }
        List<Task<?>> known = List.copyOf(tasks);
        return new RunQueue(client, () -> scheduler(dataSource, known, recurringTask, jdbc, postgres, workers, instanceName, timing),
                runTask, recurringTask, recurring != null && recurring.runOnStart());
    }

    /** A db-scheduler recurring task: one row, claimed by one instance at a time, rescheduled after each execution. */
    private static RecurringTask<Void> recurringTask(Recurring recurring) {
        return Tasks.recurring(recurring.name(), new FixedDelayFromStart(recurring.interval(), recurring.runOnStart()))
                .execute((instance, context) -> recurring.work().run());
    }

    /**
     * db-scheduler's fixed delay (the next execution {@code interval} after the previous one ended), starting at once
     * or one interval after the row is first created.
     */
    private record FixedDelayFromStart(Duration interval, boolean runAtOnce) implements Schedule, java.io.Serializable {

        @Override
        public Instant getNextExecutionTime(ExecutionComplete executionComplete) {
            return executionComplete.getTimeDone().plus(interval);
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return runAtOnce ? now : now.plus(interval);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    private static Scheduler scheduler(DataSource dataSource, List<Task<?>> tasks, RecurringTask<Void> recurring, JdbcCustomization jdbc,
                                       boolean postgres, int workers, String instanceName, RunTiming timing) {
        // a start task is known to the scheduler through startTasks: naming it here too would register it twice
        SchedulerBuilder builder = Scheduler.create(dataSource, tasks.stream().filter(t -> t != recurring).toList())
                .jdbcCustomization(jdbc)
                .threads(workers)
                .pollingInterval(timing.pollingInterval())
                .heartbeatInterval(timing.heartbeat())
                .missedHeartbeatsLimit(timing.missedHeartbeats())
                .schedulerName(new SchedulerName.Fixed(instanceName))
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10));
        if (postgres) {
            // claim with one UPDATE ... WHERE (..) IN (SELECT .. FOR UPDATE SKIP LOCKED LIMIT n): instances never
            // wait on each other's locks, and an instance holds at most as many items as it has workers
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        if (recurring != null) {
            builder.startTasks(recurring); // its row is created on start when no instance created it before
        }
        Scheduler scheduler = builder.build();
        scheduler.start();
        LOG.debug("Run queue started: {} worker(s) as {} for {}", workers, instanceName,
                tasks.stream().map(Task::getName).toList());
        return scheduler;
    }

    /** This instance's scheduler, started now if it was not; null when it executes nothing or is closed. */
    private synchronized Scheduler started() {
        if (scheduler == null && schedulers != null && !closed) {
            scheduler = schedulers.get();
            stopWatch();
            if (recurringTask != null && runRecurringOnStart) {
                runRecurringNow();
            }
        }
        return scheduler;
    }

    /**
     * Makes the recurring work due now: an existing row (created by an earlier start of any instance) keeps its next
     * time otherwise. While another instance executes it, that execution counts as this start's.
     */
    private void runRecurringNow() {
        try {
            var id = recurringTask.getDefaultTaskInstance();
            var execution = client.getScheduledExecution(id);
            if (execution.isPresent() && !execution.get().isPicked() && execution.get().getExecutionTime().isAfter(Instant.now())) {
                client.reschedule(id, Instant.now());
            }
            scheduler.triggerCheckForDueExecutions();
        } catch (RuntimeException e) {
            LOG.debug("Recurring task {} not moved to now: {}", recurringTask.getName(), e.getMessage());
        }
    }

    private synchronized void watch(DataSource dataSource, Duration every) {
        watch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-queue-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(() -> {
            try {
                if (waiting(dataSource) > 0) {
                    wake();
                }
            } catch (RuntimeException e) {
                LOG.debug("Run queue watch: {}", e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private synchronized void stopWatch() {
        if (watch != null) {
            watch.shutdownNow();
            watch = null;
        }
    }

    /**
     * The queue per task kind: items waiting, items claimed by a worker, and how long the oldest waiting item has
     * been due. Reads {@code scheduled_tasks} whether or not this instance works on the queue.
     *
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when the database cannot be asked
     */
    public static List<QueueDepth> depth(DataSource dataSource, Instant now) {
        List<QueueDepth> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
             java.sql.PreparedStatement st = c.prepareStatement("SELECT task_name,"
                     + " sum(CASE WHEN picked THEN 0 ELSE 1 END), sum(CASE WHEN picked THEN 1 ELSE 0 END),"
                     + " min(CASE WHEN picked THEN NULL ELSE execution_time END)"
                     + " FROM scheduled_tasks GROUP BY task_name ORDER BY task_name")) {
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    java.sql.Timestamp oldest = rs.getTimestamp(4);
                    Duration age = oldest == null || oldest.toInstant().isAfter(now) ? Duration.ZERO
                            : Duration.between(oldest.toInstant(), now);
                    out.add(new QueueDepth(rs.getString(1), rs.getLong(2), rs.getLong(3), age));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "cannot read the run queue: " + e.getMessage(), e);
        }
    }

    private static int waiting(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
             java.sql.Statement st = c.createStatement();
             // runs, sweep chunks and index runs only: a recurring task's row is always there and is no reason to start
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM scheduled_tasks WHERE task_name IN ('"
                     + TASK_NAME + "', '" + CHUNK_TASK_NAME + "', '" + INDEX_TASK_NAME + "')")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "cannot open the run queue: " + e.getMessage(), e);
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "cannot open the run queue: " + e.getMessage(), e);
        }
    }

    private static OneTimeTask<String> task(String name, Handler handler, RunTiming timing) {
        return Tasks.oneTime(name, String.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(timing.retryDelay()))
                .onDeadExecutionRevive()
                .execute((instance, context) -> handler.execute(UUID.fromString(instance.getData())));
    }

    /**
     * Queues a run for immediate execution. Queuing a run that is still pending keeps one entry; a run
     * that already finished would be queued again, so the handler must ignore runs that are done.
     */
    public void enqueue(UUID runId) {
        try {
            client.scheduleIfNotExists(runTask.instance(runId.toString(), runId.toString()), Instant.now());
        } catch (RuntimeException e) {
            throw new BacktestException(ErrorCode.DATABASE_UNAVAILABLE, "cannot queue run " + runId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Queues a run inside the caller's transaction, so the run's row and its queue entry are committed
     * together or not at all (a run is never left {@code queued} with nothing to execute it). Call
     * {@link #wake()} after the commit to start it without waiting for the next poll.
     */
    public static void enqueue(EntityManager em, UUID runId) {
        insert(em, TASK_NAME, runId);
    }

    /**
     * Queues a sweep chunk inside the caller's transaction, like {@link #enqueue(EntityManager, UUID)}: the sweep,
     * its chunks and their queue entries are committed together or not at all. The chunk handler must ignore chunks
     * that are done (a revived item may be handed over again).
     */
    public static void enqueueChunk(EntityManager em, UUID chunkId) {
        insert(em, CHUNK_TASK_NAME, chunkId);
    }

    /** Queues an index run inside the caller's transaction, like {@link #enqueue(EntityManager, UUID)}. */
    public static void enqueueIndexRun(EntityManager em, UUID runId) {
        insert(em, INDEX_TASK_NAME, runId);
    }

    private static void insert(EntityManager em, String task, UUID id) {
        em.createNativeQuery("INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)"
                        + " VALUES (?, ?, ?, ?, FALSE, 1)")
                .setParameter(1, task)
                .setParameter(2, id.toString())
                .setParameter(3, Serializer.DEFAULT_JAVA_SERIALIZER.serialize(id.toString()))
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC))
                .executeUpdate();
    }

    /** Makes this instance's workers (started now if they were not) look for due runs and chunks rather than wait for the next poll. */
    public void wake() {
        Scheduler s = started();
        if (s != null) {
            s.triggerCheckForDueExecutions();
        }
    }

    /** Whether this instance executes runs. */
    public boolean working() {
        return schedulers != null;
    }

    /** Stops claiming runs and waits (up to 10 s) for running ones; others re-claim what is left. */
    @Override
    public void close() {
        Scheduler s;
        synchronized (this) {
            closed = true;
            s = scheduler;
            stopWatch();
        }
        if (s != null) {
            s.stop();
        }
    }
}
