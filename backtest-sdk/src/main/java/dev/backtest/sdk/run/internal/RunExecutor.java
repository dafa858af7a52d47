package dev.backtest.sdk.run.internal;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.ClosedTrade;
import dev.backtest.engine.Engine;
import dev.backtest.engine.Stats;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.sdk.persistence.internal.Amounts;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.RunListener;
import dev.backtest.sdk.run.RunStatus;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Executes one queued run on a {@link RunQueue} worker: claims it in the database, loads the candles,
 * runs the engine and writes results, trades, the run's and the backtest's status and the backtest's
 * metrics in one transaction. A run that is already finished is ignored (the queue may hand it over
 * again); an error that retrying cannot fix fails the run at once; any other error is rethrown so the
 * queue retries, until the run's attempts are used up.
 *
 * <pre>{@code
 * RunExecutor executor = new RunExecutor(database, snapshot -> candles.load(snapshot), "worker-1");
 * RunQueue queue = RunQueue.start(database.dataSource(), 2, "worker-1", executor, chunks, RunTiming.DEFAULT);
 * }</pre>
 */
public final class RunExecutor implements RunQueue.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    private final Database database;
    private final CandleSource candles;
    private final String workerId;
    private final RunListener listener;
    private final StrategyCatalog catalog;

    public RunExecutor(Database database, CandleSource candles, String workerId) {
        this(database, candles, workerId, RunListener.NONE);
    }

    public RunExecutor(Database database, CandleSource candles, String workerId, RunListener listener) {
        this(database, candles, workerId, listener, StrategyCatalog.builtIns());
    }

    /** Resolving strategy types in {@code catalog}, for the run's owner ({@code ml_predictive} on their models). */
    public RunExecutor(Database database, CandleSource candles, String workerId, RunListener listener, StrategyCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.database = Objects.requireNonNull(database, "database");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Thrown inside the executor when the user asked to stop; the run is already marked cancelled. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    private record Claim(UUID runId, UUID userId, RunSnapshot snapshot, int attempts, int maxAttempts) {
    }

    @Override
    public void execute(UUID runId) {
        Claim claim;
        try {
            claim = claim(runId);
        } catch (BacktestException e) {
            if (e.code() != ErrorCode.DATA_CORRUPT) {
                throw e;
            }
            finish(database, runId, RunStatus.FAILED, e.code().name(), "the run's stored snapshot cannot be read: " + e.getMessage());
            return;
        }
        if (claim == null) {
            return;
        }
        long started = System.nanoTime();
        listener.runStarted(runId);
        try {
            RunSnapshot s = claim.snapshot();
            CandleSeries series = candles.load(s);
            progress(runId, 10);
            BacktestResult result = Engine.run(series, catalog.create(claim.userId(), s.strategy(), s.parameters()), s.engine());
            progress(runId, 90);
            complete(runId, series, result);
            LOG.info("Run {} completed: {} bars, {} trades", runId, series.size(), result.trades().size());
            listener.runFinished(runId, RunStatus.COMPLETED, System.nanoTime() - started);
        } catch (Cancelled e) {
            LOG.info("Run {} cancelled", runId);
            listener.runFinished(runId, RunStatus.CANCELLED, System.nanoTime() - started);
        } catch (BacktestException e) {
            if (e.retryable()) {
                retryOrFail(claim, e.code().name(), e, started);
            } else {
                LOG.info("Run {} failed: {} {}", runId, e.code(), e.getMessage());
                finish(database, runId, RunStatus.FAILED, e.code().name(), e.getMessage());
                listener.runFinished(runId, RunStatus.FAILED, System.nanoTime() - started);
            }
        } catch (RuntimeException e) {
            retryOrFail(claim, ErrorCode.INTERNAL.name(), e, started);
        }
    }

    /** Marks the run running, or returns null when there is nothing to do. */
    private Claim claim(UUID runId) {
        return database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r == null || r.getStatus().finished()) {
                return null;
            }
            if (r.isCancelRequested()) {
                finish(em, r, RunStatus.CANCELLED, null, null);
                return null;
            }
            if (r.getAttempts() >= r.getMaxAttempts()) {
                // The previous attempt's worker died after using the last attempt.
                finish(em, r, RunStatus.FAILED, ErrorCode.INTERNAL.name(), "the run was abandoned by its worker "
                        + r.getWorkerId().orElse("?") + " after " + r.getAttempts() + " attempts; no attempts left");
                return null;
            }
            RunSnapshot snapshot = r.snapshot();
            r.claim(workerId, now());
            em.find(Backtest.class, r.getBacktestId()).start();
            em.flush();
            return new Claim(runId, r.getUserId(), snapshot, r.getAttempts(), r.getMaxAttempts());
        });
    }

    /** Records progress and a heartbeat; stops the run here if a cancel was requested. */
    private void progress(UUID runId, int percent) {
        boolean cancelled = database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r.isCancelRequested()) {
                finish(em, r, RunStatus.CANCELLED, null, null);
                return true;
            }
            r.setProgress(percent);
            r.heartbeat(now());
            return false;
        });
        if (cancelled) {
            throw new Cancelled();
        }
    }

    private void complete(UUID runId, CandleSeries series, BacktestResult result) {
        String stats = StoredJson.write(result.stats());
        String curve = EquityCurves.write(series.time(), result.equity(), result.drawdown());
        boolean cancelled = database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r.isCancelRequested()) {
                finish(em, r, RunStatus.CANCELLED, null, null);
                return true;
            }
            if (r.getStatus() != RunStatus.RUNNING || !workerId.equals(r.getWorkerId().orElse(null))) {
                throw new IllegalStateException("run " + runId + " is no longer this worker's (" + r.getStatus().wire() + " on "
                        + r.getWorkerId().orElse("?") + ")");
            }
            em.persist(new RunResult(runId, stats, curve, series.size()));
            List<ClosedTrade> trades = result.trades();
            for (int i = 0; i < trades.size(); i++) {
                em.persist(new RunTrade(runId, values(i, trades.get(i))));
            }
            r.setProgress(100);
            OffsetDateTime now = now();
            r.heartbeat(now);
            r.finish(RunStatus.COMPLETED, null, null, now);
            Stats s = result.stats();
            em.find(Backtest.class, r.getBacktestId()).complete(Amounts.decimal(s.equityFinal(), 8), Amounts.finite(s.returnPct()),
                    Amounts.finite(s.sharpeRatio()), Amounts.finite(s.maxDrawdownPct()), Amounts.finite(s.winRatePct()), trades.size());
            return false;
        });
        if (cancelled) {
            throw new Cancelled();
        }
    }

    private void retryOrFail(Claim claim, String code, RuntimeException e, long started) {
        if (claim.attempts() >= claim.maxAttempts()) {
            LOG.warn("Run {} failed after {} attempts", claim.runId(), claim.attempts(), e);
            finish(database, claim.runId(), RunStatus.FAILED, code, "failed after " + claim.attempts() + " attempts: " + e.getMessage());
            listener.runFinished(claim.runId(), RunStatus.FAILED, System.nanoTime() - started);
            return;
        }
        LOG.warn("Run {} attempt {} of {} failed; it will be retried", claim.runId(), claim.attempts(), claim.maxAttempts(), e);
        database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, claim.runId());
            if (!r.getStatus().finished()) {
                r.requeue(code, "attempt " + claim.attempts() + " failed: " + e.getMessage());
                em.find(Backtest.class, r.getBacktestId()).requeue();
            }
            return null;
        });
        throw e;
    }

    static void finish(Database database, UUID runId, RunStatus status, String code, String message) {
        database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r != null && !r.getStatus().finished()) {
                finish(em, r, status, code, message);
            }
            return null;
        });
    }

    /** Sets the final status on the run and its backtest (failed or cancelled: a completion goes through {@link #complete}). */
    static void finish(EntityManager em, BacktestRun r, RunStatus status, String code, String message) {
        r.finish(status, code, message, now());
        Backtest b = em.find(Backtest.class, r.getBacktestId());
        if (status == RunStatus.CANCELLED) {
            b.cancel();
        } else {
            b.fail();
        }
    }

    private static RunTrade.Values values(int seq, ClosedTrade t) {
        return new RunTrade.Values(seq, Amounts.decimal(t.size(), 10), t.entryBar(), t.exitBar(), time(t.entryTime()), time(t.exitTime()),
                Amounts.decimal(t.entryPrice(), 10), Amounts.decimal(t.exitPrice(), 10), null, null, Amounts.decimal(t.commission(), 10),
                Amounts.decimal(t.pnl(), 10), t.returnPct());
    }

    private static OffsetDateTime time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
