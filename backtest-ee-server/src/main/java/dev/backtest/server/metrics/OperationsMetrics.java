package dev.backtest.server.metrics;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.persistence.PoolStats;
import dev.backtest.sdk.run.QueueDepth;
import dev.backtest.sdk.run.RunListener;
import dev.backtest.sdk.run.RunStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.ToLongFunction;

/**
 * Operations and business figures at {@code /metrics}: the connection pool (HikariCP's active, idle, waiting and
 * maximum connections), the run queue per task kind, runs started and finished by status with their duration (this
 * instance's workers), and what users did, counted from the audit trail once committed: runs queued, trades recorded,
 * audit events written. Gauges read the SDK at scrape time; the queue's one query is reused for five seconds.
 */
@ApplicationScoped
public class OperationsMetrics implements RunListener {

    private static final Duration QUEUE_FRESH = Duration.ofSeconds(5);
    private static final List<String> TASKS = List.of("backtest-run", "optimize-chunk");

    @Inject
    MetricRegistry registry;

    private Counter runsStarted;
    private Counter runsCompleted;
    private Counter runsFailed;
    private Counter runsCancelled;
    private Timer runDuration;
    private volatile BacktestClient client;
    private volatile List<QueueDepth> queue = List.of();
    private volatile long queueReadAt;

    @PostConstruct
    void register() {
        runsStarted = registry.counter(Metadata.builder().withName("runs_started")
                .withDescription("Runs this instance's workers started (a retried attempt counts again)").build());
        Metadata finished = Metadata.builder().withName("runs_finished").withDescription("Runs this instance's workers finished, by status")
                .build();
        runsCompleted = registry.counter(finished, new Tag("status", "completed"));
        runsFailed = registry.counter(finished, new Tag("status", "failed"));
        runsCancelled = registry.counter(finished, new Tag("status", "cancelled"));
        runDuration = registry.timer(Metadata.builder().withName("run_duration")
                .withDescription("From a worker's start of a run to its end, by this instance").withUnit(MetricUnits.SECONDS).build());
    }

    /** Registers the gauges that read {@code client} (called once it is built: the client is told about runs by this bean). */
    public void watch(BacktestClient built) {
        this.client = built;
        pool("db_pool_active", "Database connections in use", PoolStats::active);
        pool("db_pool_idle", "Idle database connections (-1 where the pool cannot say)", PoolStats::idle);
        pool("db_pool_waiting", "Requests waiting for a database connection (-1 where the pool cannot say)", PoolStats::waiting);
        pool("db_pool_max", "The most database connections the pool opens", PoolStats::max);
        Metadata depth = Metadata.builder().withName("queue_depth").withDescription("Run queue items waiting, by task kind").build();
        Metadata running = Metadata.builder().withName("queue_running").withDescription("Run queue items being worked on, by task kind").build();
        Metadata age = Metadata.builder().withName("queue_oldest_age").withDescription("How long the oldest waiting item has been due")
                .withUnit(MetricUnits.SECONDS).build();
        for (String task : TASKS) {
            Tag tag = new Tag("task", task);
            registry.gauge(depth, this, m -> m.queueOf(task, QueueDepth::queued), tag);
            registry.gauge(running, this, m -> m.queueOf(task, QueueDepth::running), tag);
            registry.gauge(age, this, m -> m.queueOf(task, q -> q.oldestQueuedAge().toSeconds()), tag);
        }
        audited("runs_queued", "Runs users queued (committed run.start events)", "run.start");
        audited("trades_recorded", "Trades users recorded (committed trade.create events)", "trade.create");
        registry.gauge(Metadata.builder().withName("audit_events_written").withDescription("Audit events committed since start").build(),
                this, m -> m.client.audit().eventsWritten());
    }

    @Override
    public void runStarted(UUID runId) {
        runsStarted.inc();
    }

    @Override
    public void runFinished(UUID runId, RunStatus status, long nanos) {
        switch (status) {
            case COMPLETED -> runsCompleted.inc();
            case FAILED -> runsFailed.inc();
            case CANCELLED -> runsCancelled.inc();
            default -> { }
        }
        runDuration.update(Duration.ofNanos(nanos));
    }

    private void pool(String name, String description, ToLongFunction<PoolStats> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), this,
                m -> value.applyAsLong(m.client.poolStats()));
    }

    private void audited(String name, String description, String action) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), this,
                m -> m.client.audit().eventsWritten(action));
    }

    private long queueOf(String task, ToLongFunction<QueueDepth> value) {
        long now = System.nanoTime();
        if (now - queueReadAt > QUEUE_FRESH.toNanos()) {
            try {
                queue = client.queueDepth();
            } catch (RuntimeException e) {
                queue = List.of(); // the database is down: the pool gauges and health say so
            }
            queueReadAt = now;
        }
        return queue.stream().filter(q -> q.task().equals(task)).mapToLong(value).findFirst().orElse(0);
    }
}
