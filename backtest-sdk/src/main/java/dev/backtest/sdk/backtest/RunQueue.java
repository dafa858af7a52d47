package dev.backtest.sdk.backtest;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.backtest.sdk.BacktestException;
import dev.backtest.sdk.ErrorCode;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The cluster-wide queue of backtest runs, on db-scheduler's {@code scheduled_tasks} table in the
 * same database: any number of instances (SDK clients or servers) share it. A worker claims a run
 * with a lock in the database, heartbeats while it runs, and a run whose worker died (no heartbeat
 * for {@code heartbeat × missedHeartbeats}) is revived and claimed by another worker. A failed
 * attempt is retried later; the handler decides when attempts are exhausted.
 *
 * <pre>{@code
 * try (RunQueue queue = RunQueue.start(dataSource, 2, "instance-a", runId -> runner.execute(runId), RunQueue.Timing.DEFAULT)) {
 *     queue.enqueue(runId);
 * }
 * }</pre>
 */
public final class RunQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);
    static final String TASK_NAME = "backtest-run";

    /** Executes one run; throwing marks the attempt failed (it is retried after {@link Timing#retryDelay}). */
    @FunctionalInterface
    public interface Handler {
        void execute(UUID runId);
    }

    /** Polling, heartbeat and retry timing. */
    public record Timing(Duration pollingInterval, Duration heartbeat, int missedHeartbeats, Duration retryDelay) {
        public static final Timing DEFAULT = forLease(Duration.ofSeconds(30));

        /**
         * Default polling and retry with the given lease: a heartbeat every sixth of it, so a run is
         * taken over after six missed heartbeats (the {@code RUN_LEASE_SECONDS} setting).
         */
        public static Timing forLease(Duration lease) {
            if (lease.compareTo(Duration.ofSeconds(6)) < 0) {
                throw new IllegalArgumentException("lease " + lease + " is shorter than 6 s");
            }
            return new Timing(Duration.ofMillis(500), lease.dividedBy(6), 6, Duration.ofSeconds(5));
        }

        /** How long after its last heartbeat a claimed run is considered abandoned. */
        public Duration lease() {
            return heartbeat.multipliedBy(missedHeartbeats);
        }
    }

    private final SchedulerClient client;
    private final Scheduler scheduler;

    private RunQueue(SchedulerClient client, Scheduler scheduler) {
        this.client = client;
        this.scheduler = scheduler;
    }

    /**
     * Opens the queue; with {@code workers > 0} this instance also claims and executes runs.
     *
     * @param instanceName shown in {@code scheduled_tasks.picked_by}; unique per instance
     */
    public static RunQueue start(DataSource dataSource, int workers, String instanceName, Handler handler, Timing timing) {
        OneTimeTask<String> task = Tasks.oneTime(TASK_NAME, String.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(timing.retryDelay()))
                .onDeadExecutionRevive()
                .execute((instance, context) -> handler.execute(UUID.fromString(instance.getData())));
        SchedulerClient client = SchedulerClient.Builder.create(dataSource, task).build();
        if (workers <= 0) {
            return new RunQueue(client, null);
        }
        Scheduler scheduler = Scheduler.create(dataSource, task)
                .threads(workers)
                .pollingInterval(timing.pollingInterval())
                .heartbeatInterval(timing.heartbeat())
                .missedHeartbeatsLimit(timing.missedHeartbeats())
                .schedulerName(new SchedulerName.Fixed(instanceName))
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        scheduler.start();
        LOG.info("Run queue started: {} worker(s) as {}", workers, instanceName);
        return new RunQueue(client, scheduler);
    }

    /**
     * Queues a run for immediate execution. Queuing a run that is still pending keeps one entry; a run
     * that already finished would be queued again, so the handler must ignore runs that are done.
     */
    public void enqueue(UUID runId) {
        try {
            client.scheduleIfNotExists(Tasks.oneTime(TASK_NAME, String.class).execute((i, c) -> { })
                    .instance(runId.toString(), runId.toString()), Instant.now());
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
        em.createNativeQuery("INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)"
                        + " VALUES (?, ?, ?, ?, FALSE, 1)")
                .setParameter(1, TASK_NAME)
                .setParameter(2, runId.toString())
                .setParameter(3, Serializer.DEFAULT_JAVA_SERIALIZER.serialize(runId.toString()))
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC))
                .executeUpdate();
    }

    /** Makes this instance's workers look for due runs now rather than at the next poll. */
    public void wake() {
        if (scheduler != null) {
            scheduler.triggerCheckForDueExecutions();
        }
    }

    /** Whether this instance executes runs. */
    public boolean working() {
        return scheduler != null;
    }

    /** Stops claiming runs and waits (up to 10 s) for running ones; others re-claim what is left. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
