package dev.backtest.sdk.persistence.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The retention purges of the stored history: each {@link Purge} deletes what is older than its retention (the audit
 * trail after {@code AUDIT_RETENTION_DAYS}, finished refreshes and imports after {@code TASK_RETENTION_DAYS}) right after
 * the client starts and then once a day, on one daemon thread named {@value #THREAD} that {@link #close()} stops. Every
 * instance on a database purges; the deletes are idempotent. A purge that fails is logged and tried again the next day;
 * it never stops the others.
 *
 * <pre>{@code
 * try (Retention retention = Retention.start(List.of(
 *         new Retention.Purge("audit events", Duration.ofDays(365), audit::purgeOlderThan),
 *         new Retention.Purge("finished data tasks", Duration.ofDays(30), dataTasks::purgeFinishedBefore)), Clock.systemUTC())) {
 *     ...   // the client's life
 * }
 * }</pre>
 */
public final class Retention implements AutoCloseable {

    /** The name of the purging thread. */
    public static final String THREAD = "backtest-retention";
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /**
     * One kind of history and how long it is kept.
     *
     * @param what      what is deleted, for the log ("audit events")
     * @param keep      how long it is kept
     * @param olderThan deletes what is older than the cutoff it is given; returns how many rows
     */
    public record Purge(String what, Duration keep, ToIntFunction<Instant> olderThan) {
        public Purge {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(olderThan, "olderThan");
        }
    }

    private final List<Purge> purges;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    private Retention(List<Purge> purges, Clock clock) {
        this.purges = List.copyOf(purges);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD);
            t.setDaemon(true);
            return t;
        });
    }

    /** Purges now (on the purging thread, not the caller's) and then every day. */
    public static Retention start(List<Purge> purges, Clock clock) {
        Retention retention = new Retention(purges, clock);
        retention.executor.scheduleWithFixedDelay(retention::purgeAll, 0, 1, TimeUnit.DAYS);
        return retention;
    }

    private void purgeAll() {
        purges.forEach(this::purge);
    }

    /** Deletes what the purge's retention no longer keeps; returns how many rows (-1 when the database refused). */
    int purge(Purge p) {
        Instant cutoff = clock.instant().minus(p.keep());
        try {
            int deleted = p.olderThan().applyAsInt(cutoff);
            if (deleted > 0) {
                LOG.info("Retention: deleted {} {} older than {} ({} days)", deleted, p.what(), cutoff, p.keep().toDays());
            } else {
                LOG.debug("Retention: no {} older than {} ({} days)", p.what(), cutoff, p.keep().toDays());
            }
            return deleted;
        } catch (RuntimeException e) {
            // the next day's purge tries again; an outage must not end the schedule
            LOG.warn("Retention: purging {} older than {} failed: {}", p.what(), cutoff, e.getMessage());
            return -1;
        }
    }

    /** Stops the purging thread, waiting a few seconds for a purge in progress. */
    @Override
    public void close() {
        // no interrupt: a purge in progress finishes its statement (the next scheduled one is cancelled at once)
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.debug("Retention: the purge in progress did not end within 10 s; interrupting it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
