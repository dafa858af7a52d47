package dev.backtest.sdk.audit.internal;

import dev.backtest.sdk.audit.AuditService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The retention purge of the audit trail: deletes the events older than the retention ({@code AUDIT_RETENTION_DAYS})
 * right after the client starts and then once a day, on one daemon thread named {@value #THREAD} that
 * {@link #close()} stops. Every instance on a database purges; the deletes are idempotent.
 *
 * <pre>{@code
 * try (AuditRetention retention = AuditRetention.start(audit, Duration.ofDays(365), Clock.systemUTC())) {
 *     ...   // the client's life
 * }
 * }</pre>
 */
public final class AuditRetention implements AutoCloseable {

    /** The name of the purging thread. */
    public static final String THREAD = "backtest-audit-retention";
    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditService audit;
    private final Duration keep;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    private AuditRetention(AuditService audit, Duration keep, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.keep = Objects.requireNonNull(keep, "keep");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD);
            t.setDaemon(true);
            return t;
        });
    }

    /** Purges now (on the purging thread, not the caller's) and then every day. */
    public static AuditRetention start(AuditService audit, Duration keep, Clock clock) {
        AuditRetention retention = new AuditRetention(audit, keep, clock);
        retention.executor.scheduleWithFixedDelay(retention::purge, 0, 1, TimeUnit.DAYS);
        return retention;
    }

    /** Deletes the events older than the retention; returns how many (-1 when the database refused). */
    int purge() {
        Instant cutoff = clock.instant().minus(keep);
        try {
            int deleted = audit.purgeOlderThan(cutoff);
            if (deleted > 0) {
                LOG.info("Audit retention: deleted {} event(s) older than {} ({} days)", deleted, cutoff, keep.toDays());
            } else {
                LOG.debug("Audit retention: no event older than {} ({} days)", cutoff, keep.toDays());
            }
            return deleted;
        } catch (RuntimeException e) {
            // the next day's purge tries again; an outage must not end the schedule
            LOG.warn("Audit retention: purging events older than {} failed: {}", cutoff, e.getMessage());
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
                LOG.debug("Audit retention: the purge in progress did not end within 10 s; interrupting it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
