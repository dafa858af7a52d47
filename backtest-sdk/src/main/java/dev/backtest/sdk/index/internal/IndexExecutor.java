package dev.backtest.sdk.index.internal;

import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.asset.internal.Assets;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.internal.RunQueue;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Executes one queued index run on a {@link RunQueue} worker: claims it, reads the market caps it needs, runs the
 * portfolio engine over the candle store ({@link IndexSnapshot#query}) from the start date to today, and writes the
 * values, allocations and statistics with the run's completion in one transaction. A finished run is ignored (the
 * queue may hand it over again); a cancel is honoured at each progress check and at completion; an error that
 * retrying cannot fix fails the run at once, any other is rethrown for the queue to retry until the attempts are
 * used up.
 *
 * <pre>{@code
 * IndexExecutor indexRuns = new IndexExecutor(database, marketData::query, "worker-1", Clock.systemUTC());
 * }</pre>
 */
public final class IndexExecutor implements RunQueue.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(IndexExecutor.class);

    private final Database database;
    private final Supplier<CandleQuery> candles;
    private final String workerId;
    private final Clock clock;

    public IndexExecutor(Database database, Supplier<CandleQuery> candles, String workerId, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The work of one claimed attempt. */
    private record Attempt(IndexSnapshot snapshot, Map<String, MarketCaps> caps, int number, int of) {
    }

    @Override
    public void execute(UUID runId) {
        Attempt attempt;
        try {
            attempt = database.inTransaction(em -> claim(em, runId));
        } catch (BacktestException e) {
            if (e.code() != ErrorCode.DATA_CORRUPT) {
                throw e;
            }
            end(runId, RunStatus.FAILED, e.code().name(), "the run's stored definition cannot be read: " + e.getMessage());
            return;
        }
        if (attempt == null) {
            return;
        }
        try {
            if (!stillWanted(runId, 10)) {
                return;
            }
            IndexSnapshot s = attempt.snapshot();
            PortfolioResult result = s.query(candles.get(), attempt.caps(), s.startDate(), today(), s.baseValue()).run();
            if (stillWanted(runId, 80)) {
                complete(runId, result);
                LOG.info("Index run {} completed: {} values, {} fills", runId, result.time().length, result.allocations().size());
            }
        } catch (BacktestException e) {
            if (e.retryable()) {
                retryOrFail(runId, attempt, e.code().name(), e);
            } else {
                LOG.info("Index run {} failed: {} {}", runId, e.code(), e.getMessage());
                end(runId, RunStatus.FAILED, e.code().name(), e.getMessage());
            }
        } catch (RuntimeException e) {
            retryOrFail(runId, attempt, ErrorCode.INTERNAL.name(), e);
        }
    }

    private Attempt claim(EntityManager em, UUID runId) {
        IndexRun r = em.find(IndexRun.class, runId);
        if (r == null || r.getStatus().finished()) {
            return null;
        }
        IndexDefinition index = em.find(IndexDefinition.class, r.getIndexId());
        if (r.isCancelRequested() || index == null || index.isDeleted()) {
            r.finish(RunStatus.CANCELLED, null, null, now());
            return null;
        }
        if (r.getAttempts() >= r.getMaxAttempts()) {
            r.finish(RunStatus.FAILED, ErrorCode.INTERNAL.name(), "the run was abandoned by its worker " + r.getWorkerId().orElse("?") + " after "
                    + r.getAttempts() + " attempts; no attempts left", now());
            return null;
        }
        IndexSnapshot snapshot = r.snapshot();
        r.claim(workerId, now());
        Map<String, MarketCaps> caps = new LinkedHashMap<>();
        if ("market_cap".equals(snapshot.weighting())) {
            for (String symbol : snapshot.universe()) {
                MarketCaps c = Assets.marketCaps(em, symbol);
                if (c != null) {
                    caps.put(symbol, c);
                }
            }
        }
        return new Attempt(snapshot, caps, r.getAttempts(), r.getMaxAttempts());
    }

    /** Records progress; false (and the run cancelled) when its owner asked it to stop. */
    private boolean stillWanted(UUID runId, int percent) {
        return database.inTransaction(em -> {
            IndexRun r = em.find(IndexRun.class, runId);
            if (r.isCancelRequested()) {
                if (!r.getStatus().finished()) {
                    r.finish(RunStatus.CANCELLED, null, null, now());
                }
                LOG.info("Index run {} cancelled", runId);
                return false;
            }
            r.setProgress(percent);
            r.heartbeat(now());
            return true;
        });
    }

    private void complete(UUID runId, PortfolioResult result) {
        database.inTransaction(em -> {
            IndexRun r = em.find(IndexRun.class, runId);
            if (r.isCancelRequested()) {
                r.finish(RunStatus.CANCELLED, null, null, now());
                return null;
            }
            if (r.getStatus() != RunStatus.RUNNING || !workerId.equals(r.getWorkerId().orElse(null))) {
                throw new IllegalStateException("index run " + runId + " is no longer this worker's (" + r.getStatus().wire() + " on "
                        + r.getWorkerId().orElse("?") + ")");
            }
            IndexResults.write(em, runId, result);
            r.setProgress(100);
            r.heartbeat(now());
            r.finish(RunStatus.COMPLETED, null, null, now());
            return null;
        });
    }

    private void retryOrFail(UUID runId, Attempt attempt, String code, RuntimeException e) {
        if (attempt.number() >= attempt.of()) {
            LOG.warn("Index run {} failed after {} attempts", runId, attempt.number(), e);
            end(runId, RunStatus.FAILED, code, "failed after " + attempt.number() + " attempts: " + e.getMessage());
            return;
        }
        LOG.warn("Index run {} attempt {} of {} failed; it will be retried", runId, attempt.number(), attempt.of(), e);
        database.inTransaction(em -> {
            IndexRun r = em.find(IndexRun.class, runId);
            if (!r.getStatus().finished()) {
                r.requeue(code, "attempt " + attempt.number() + " failed: " + e.getMessage());
            }
            return null;
        });
        throw e;
    }

    private void end(UUID runId, RunStatus status, String code, String message) {
        database.inTransaction(em -> {
            IndexRun r = em.find(IndexRun.class, runId);
            if (r != null && !r.getStatus().finished()) {
                r.finish(status, code, message, now());
            }
            return null;
        });
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Wall-clock time for the run's timestamps (the clock only says which day is today). */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
